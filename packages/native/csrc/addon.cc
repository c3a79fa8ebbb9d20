// Node-API glue: argument checks (a wrong size is a JS error, never a read out
// of bounds), then the kernels.
#include <node_api.h>

#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "cpu.h"
#include "ddpg.h"
#include "gemm.h"
#include "gogepo.h"
#include "policy.h"

namespace {

struct Failure {
  std::string message;
};

napi_value throw_error(napi_env env, const std::string& message) {
  napi_throw_error(env, nullptr, message.c_str());
  return nullptr;
}

std::vector<napi_value> args(napi_env env, napi_callback_info info, size_t n) {
  std::vector<napi_value> argv(n);
  size_t argc = n;
  napi_get_cb_info(env, info, &argc, argv.data(), nullptr, nullptr);
  if (argc < n) throw Failure{"expected " + std::to_string(n) + " arguments, got " + std::to_string(argc)};
  return argv;
}

template <typename T>
T* typed(napi_env env, napi_value v, napi_typedarray_type want, size_t* length, const char* what) {
  bool is_typed = false;
  napi_is_typedarray(env, v, &is_typed);
  napi_typedarray_type type;
  void* data = nullptr;
  if (!is_typed || napi_get_typedarray_info(env, v, &type, length, &data, nullptr, nullptr) != napi_ok || type != want) {
    throw Failure{std::string(what) + " must be a " +
                  (want == napi_float32_array ? "Float32Array" : want == napi_float64_array ? "Float64Array" : "Int32Array")};
  }
  return static_cast<T*>(data);
}

int integer(napi_env env, napi_value v, const char* what) {
  int32_t x = 0;
  if (napi_get_value_int32(env, v, &x) != napi_ok) throw Failure{std::string(what) + " must be an integer"};
  return x;
}

double number(napi_env env, napi_value v, const char* what) {
  double x = 0;
  if (napi_get_value_double(env, v, &x) != napi_ok) throw Failure{std::string(what) + " must be a number"};
  return x;
}

bool boolean(napi_env env, napi_value v) {
  bool x = false;
  napi_get_value_bool(env, v, &x);
  return x;
}

napi_value string(napi_env env, const char* s) {
  napi_value out;
  napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &out);
  return out;
}

template <typename F>
napi_value guarded(napi_env env, F body) {
  try {
    return body();
  } catch (const Failure& f) {
    return throw_error(env, "gogepo native: " + f.message);
  } catch (const std::exception& e) {
    return throw_error(env, std::string("gogepo native: ") + e.what());
  }
}

napi_value Kernel_(napi_env env, napi_callback_info) { return string(env, kernel_name(current_kernel())); }

napi_value Kernels(napi_env env, napi_callback_info) {
  napi_value out;
  napi_create_array(env, &out);
  uint32_t i = 0;
  for (Kernel k : {Kernel::Avx512, Kernel::Avx2, Kernel::Portable})
    if (kernel_supported(k)) napi_set_element(env, out, i++, string(env, kernel_name(k)));
  return out;
}

napi_value SetKernel(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 1);
    char name[32] = {};
    size_t len = 0;
    napi_get_value_string_utf8(env, a[0], name, sizeof name, &len);
    for (Kernel k : {Kernel::Avx512, Kernel::Avx2, Kernel::Portable}) {
      if (std::strcmp(name, kernel_name(k)) == 0) {
        if (!kernel_supported(k)) throw Failure{std::string("this CPU cannot run the ") + name + " kernels"};
        set_kernel(k);
        return nullptr;
      }
    }
    throw Failure{std::string("unknown kernel \"") + name + "\" (avx512, avx2 or portable)"};
  });
}

// sgemm(transA, transB, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc, threads)
napi_value Sgemm(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 14);
    bool ta = boolean(env, a[0]), tb = boolean(env, a[1]);
    int m = integer(env, a[2], "m"), n = integer(env, a[3], "n"), k = integer(env, a[4], "k");
    float alpha = static_cast<float>(number(env, a[5], "alpha"));
    size_t la, lb, lc;
    const float* A = typed<float>(env, a[6], napi_float32_array, &la, "A");
    int lda = integer(env, a[7], "lda");
    const float* B = typed<float>(env, a[8], napi_float32_array, &lb, "B");
    int ldb = integer(env, a[9], "ldb");
    float beta = static_cast<float>(number(env, a[10], "beta"));
    float* C = typed<float>(env, a[11], napi_float32_array, &lc, "C");
    int ldc = integer(env, a[12], "ldc");
    int threads = integer(env, a[13], "threads");
    if (m < 0 || n < 0 || k < 0) throw Failure{"m, n and k must be >= 0"};
    if (threads < 1 || threads > 256) throw Failure{"threads must be in [1, 256]"};
    // rows x cols of A, B and C as stored
    auto fits = [](size_t length, long rows, long cols, long ld) { return rows == 0 || cols == 0 || (ld >= cols && static_cast<long>(length) >= (rows - 1) * ld + cols); };
    if (!fits(la, ta ? k : m, ta ? m : k, lda)) throw Failure{"A is too small for its shape and lda"};
    if (!fits(lb, tb ? n : k, tb ? k : n, ldb)) throw Failure{"B is too small for its shape and ldb"};
    if (!fits(lc, m, n, ldc)) throw Failure{"C is too small for its shape and ldc"};
    sgemm(ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc, threads);
    return nullptr;
  });
}

napi_value GemmFlops(napi_env env, napi_callback_info) {
  napi_value out;
  napi_create_double(env, sgemm_flops(), &out);
  return out;
}

void delete_policy(napi_env, void* data, void*) { delete static_cast<Policy*>(data); }

Policy* policy_of(napi_env env, napi_value v) {
  void* data = nullptr;
  if (napi_get_value_external(env, v, &data) != napi_ok || data == nullptr) throw Failure{"not a policy"};
  return static_cast<Policy*>(data);
}

// createPolicy(layers: Int32Array [in, out, wOffset, bOffset]*, reluHidden, actionHigh: Float64Array)
napi_value CreatePolicy(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 3);
    size_t ls, lh;
    const int32_t* spec = typed<int32_t>(env, a[0], napi_int32_array, &ls, "layers");
    bool relu = boolean(env, a[1]);
    const double* high = typed<double>(env, a[2], napi_float64_array, &lh, "actionHigh");
    if (ls == 0 || ls % 4 != 0) throw Failure{"layers must hold [in, out, wOffset, bOffset] per layer"};
    std::vector<PolicyLayer> layers;
    for (size_t i = 0; i < ls; i += 4) {
      PolicyLayer l{spec[i], spec[i + 1], spec[i + 2], spec[i + 3]};
      if (l.in <= 0 || l.out <= 0 || l.w_offset < 0 || l.b_offset < 0) throw Failure{"layer sizes and offsets must be positive"};
      if (!layers.empty() && layers.back().out != l.in) throw Failure{"layer inputs must match the previous layer's outputs"};
      layers.push_back(l);
    }
    if (static_cast<int>(lh) != layers.back().out) throw Failure{"actionHigh must have one bound per action"};
    auto* policy = new Policy(layers, relu, std::vector<double>(high, high + lh));
    napi_value out;
    napi_create_external(env, policy, delete_policy, nullptr, &out);
    return out;
  });
}

napi_value PolicySetTheta(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 2);
    Policy* p = policy_of(env, a[0]);
    size_t n;
    const float* theta = typed<float>(env, a[1], napi_float32_array, &n, "theta");
    if (static_cast<int>(n) < p->theta_size()) throw Failure{"theta has " + std::to_string(n) + " numbers, the layout needs " + std::to_string(p->theta_size())};
    p->set_theta(theta);
    return nullptr;
  });
}

napi_value PolicyAct(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 3);
    Policy* p = policy_of(env, a[0]);
    size_t no, na;
    const double* obs = typed<double>(env, a[1], napi_float64_array, &no, "observation");
    double* action = typed<double>(env, a[2], napi_float64_array, &na, "action");
    if (static_cast<int>(no) < p->observation_size()) throw Failure{"observation is too short"};
    if (static_cast<int>(na) < p->action_size()) throw Failure{"action is too short"};
    p->act(obs, action);
    return a[2];
  });
}


GoGePoNets* nets_of(napi_env env, napi_value v) {
  void* data = nullptr;
  if (napi_get_value_external(env, v, &data) != napi_ok || data == nullptr) throw Failure{"not GoGePo networks"};
  return static_cast<GoGePoNets*>(data);
}

// A Float32Array of exactly `size` numbers.
float* sized(napi_env env, napi_value v, long size, const char* what) {
  size_t n;
  float* p = typed<float>(env, v, napi_float32_array, &n, what);
  if (static_cast<long>(n) != size) throw Failure{std::string(what) + " has " + std::to_string(n) + " numbers, expected " + std::to_string(size)};
  return p;
}

int thread_count(napi_env env, napi_value v) {
  int threads = integer(env, v, "threads");
  if (threads < 1 || threads > 256) throw Failure{"threads must be in [1, 256]"};
  return threads;
}

// A shape spec (an Int32Array) read front to back; a spec of the wrong length is a JS error.
class Spec {
 public:
  Spec(napi_env env, napi_value v) { data_ = typed<int32_t>(env, v, napi_int32_array, &length_, "spec"); }
  int next() {
    if (at_ >= length_) throw Failure{"spec is too short"};
    return static_cast<int>(data_[at_++]);
  }
  // A count, then that many positive sizes.
  std::vector<int> sizes() {
    std::vector<int> out;
    for (int n = next(); n > 0; n--) out.push_back(next());
    for (int s : out) if (s <= 0) throw Failure{"hidden sizes must be positive"};
    return out;
  }
  void end() const {
    if (at_ != length_) throw Failure{"spec is too long"};
  }

 private:
  const int32_t* data_ = nullptr;
  size_t length_ = 0, at_ = 0;
};

std::vector<float> action_bounds(napi_env env, napi_value v) {
  size_t n;
  const double* high = typed<double>(env, v, napi_float64_array, &n, "actionHigh");
  return std::vector<float>(high, high + n);
}

template <typename T>
void delete_object(napi_env, void* data, void*) {
  delete static_cast<T*>(data);
}

// new T(shape) as a JS external, freed with its JS object; a shape the kernels refuse is a JS error.
template <typename T, typename Shape>
napi_value create_external(napi_env env, Shape shape) {
  T* object;
  try {
    object = new T(std::move(shape));
  } catch (const std::invalid_argument& e) {
    throw Failure{e.what()};
  }
  napi_value out;
  napi_create_external(env, object, delete_object<T>, nullptr, &out);
  return out;
}

// createGoGePo(spec: Int32Array, actionHigh: Float64Array, layerScales: Float64Array). spec = [layers, (in, out, wOffset,
// bOffset, rows, cols) per layer, embedding, heads' hidden count, sizes..., probing states, evaluator's hidden count, sizes...,
// relu hidden (0 or 1)]; layerScales: each layer's output scale (the TypeScript tiling's `scale`), rounded to float as tfjs does.
napi_value CreateGoGePo(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 3);
    Spec spec(env, a[0]);
    GoGePoShape shape;
    const int layers = spec.next();
    for (int k = 0; k < layers; k++) {
      GoGePoLayer l;
      l.in = spec.next(), l.out = spec.next(), l.w_offset = spec.next(), l.b_offset = spec.next(), l.rows = spec.next(), l.cols = spec.next();
      shape.layers.push_back(l);
    }
    shape.embedding = spec.next();
    shape.head_hidden = spec.sizes();
    shape.probes = spec.next();
    shape.evaluator_hidden = spec.sizes();
    shape.relu_hidden = spec.next() != 0;
    spec.end();
    shape.action_high = action_bounds(env, a[1]);
    size_t scales;
    const double* scale = typed<double>(env, a[2], napi_float64_array, &scales, "layerScales");
    if (scales != shape.layers.size()) throw std::invalid_argument("one layer scale per layer");
    for (size_t k = 0; k < scales; k++) shape.layers[k].scale = static_cast<float>(scale[k]);
    return create_external<GoGePoNets>(env, std::move(shape));
  });
}

// gogepoSizes(nets) -> [generator, evaluator, theta]
napi_value GoGePoSizes(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 1);
    GoGePoNets* nets = nets_of(env, a[0]);
    napi_value out;
    napi_create_array(env, &out);
    long sizes[] = {nets->generator_size(), nets->evaluator_size(), nets->theta_size()};
    for (uint32_t i = 0; i < 3; i++) {
      napi_value v;
      napi_create_double(env, static_cast<double>(sizes[i]), &v);
      napi_set_element(env, out, i, v);
    }
    return out;
  });
}

// gogepoGenerate(nets, generator, commands, thetas, threads)
napi_value GoGePoGenerate(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 5);
    GoGePoNets* nets = nets_of(env, a[0]);
    size_t n;
    const float* g = sized(env, a[1], nets->generator_size(), "generator parameters");
    const float* commands = typed<float>(env, a[2], napi_float32_array, &n, "commands");
    float* thetas = sized(env, a[3], static_cast<long>(n) * nets->theta_size(), "thetas");
    nets->generate(g, commands, static_cast<int>(n), thetas, thread_count(env, a[4]));
    return nullptr;
  });
}

// gogepoPredict(nets, evaluator, thetas, values, fingerprints | null, threads)
napi_value GoGePoPredict(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 6);
    GoGePoNets* nets = nets_of(env, a[0]);
    size_t n;
    const float* e = sized(env, a[1], nets->evaluator_size(), "evaluator parameters");
    float* values = typed<float>(env, a[3], napi_float32_array, &n, "values");
    const float* thetas = sized(env, a[2], static_cast<long>(n) * nets->theta_size(), "thetas");
    napi_valuetype type;
    napi_typeof(env, a[4], &type);
    float* fingerprints = nullptr;
    if (type != napi_null && type != napi_undefined) {
      size_t f;
      fingerprints = typed<float>(env, a[4], napi_float32_array, &f, "fingerprints");
      if (n > 0 && f % n != 0) throw Failure{"fingerprints must hold one row per policy"};
    }
    nets->predict(e, thetas, static_cast<int>(n), values, fingerprints, thread_count(env, a[5]));
    return nullptr;
  });
}

// gogepoEvaluatorGradients(nets, evaluator, thetas, returns, weights, grads, threads) -> loss
napi_value GoGePoEvaluatorGradients(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 7);
    GoGePoNets* nets = nets_of(env, a[0]);
    size_t n;
    const float* e = sized(env, a[1], nets->evaluator_size(), "evaluator parameters");
    const float* returns = typed<float>(env, a[3], napi_float32_array, &n, "returns");
    const float* thetas = sized(env, a[2], static_cast<long>(n) * nets->theta_size(), "thetas");
    const float* weights = sized(env, a[4], static_cast<long>(n), "weights");
    float* grads = sized(env, a[5], nets->evaluator_size(), "gradients");
    double loss = nets->evaluator_gradients(e, thetas, returns, weights, static_cast<int>(n), grads, thread_count(env, a[6]));
    napi_value out;
    napi_create_double(env, loss, &out);
    return out;
  });
}

// gogepoGeneratorGradients(nets, generator, evaluator, commands, returns, weights, grads, threads) -> loss
napi_value GoGePoGeneratorGradients(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 8);
    GoGePoNets* nets = nets_of(env, a[0]);
    size_t n;
    const float* g = sized(env, a[1], nets->generator_size(), "generator parameters");
    const float* e = sized(env, a[2], nets->evaluator_size(), "evaluator parameters");
    const float* commands = typed<float>(env, a[3], napi_float32_array, &n, "commands");
    const float* returns = sized(env, a[4], static_cast<long>(n), "returns");
    const float* weights = sized(env, a[5], static_cast<long>(n), "weights");
    float* grads = sized(env, a[6], nets->generator_size(), "gradients");
    double loss = nets->generator_gradients(g, e, commands, returns, weights, static_cast<int>(n), grads, thread_count(env, a[7]));
    napi_value out;
    napi_create_double(env, loss, &out);
    return out;
  });
}

// adamStep(params, grads, m, v, beta1, beta2, eps, stepSize, biasCorrection2Sqrt, threads)
napi_value AdamStep(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 10);
    size_t n;
    float* p = typed<float>(env, a[0], napi_float32_array, &n, "params");
    const long size = static_cast<long>(n);
    const float* g = sized(env, a[1], size, "grads");
    float* m = sized(env, a[2], size, "m");
    float* v = sized(env, a[3], size, "v");
    adam_step(p, g, m, v, size, number(env, a[4], "beta1"), number(env, a[5], "beta2"), number(env, a[6], "eps"),
              number(env, a[7], "stepSize"), number(env, a[8], "biasCorrection2Sqrt"), thread_count(env, a[9]));
    return nullptr;
  });
}

DdpgNets* ddpg_of(napi_env env, napi_value v) {
  void* data = nullptr;
  if (napi_get_value_external(env, v, &data) != napi_ok || data == nullptr) throw Failure{"not DDPG networks"};
  return static_cast<DdpgNets*>(data);
}

float* optional_floats(napi_env env, napi_value v, long size, const char* what) {
  napi_valuetype type;
  napi_typeof(env, v, &type);
  return type == napi_null || type == napi_undefined ? nullptr : sized(env, v, size, what);
}

// createDdpg(spec: Int32Array [observations, actions, actor hidden count, sizes..., critic hidden count, sizes...], actionHigh: Float64Array)
napi_value CreateDdpg(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 2);
    Spec spec(env, a[0]);
    DdpgShape shape;
    shape.observations = spec.next();
    shape.actions = spec.next();
    shape.actor_hidden = spec.sizes();
    shape.critic_hidden = spec.sizes();
    spec.end();
    shape.action_high = action_bounds(env, a[1]);
    return create_external<DdpgNets>(env, std::move(shape));
  });
}

napi_value numbers(napi_env env, std::initializer_list<double> values) {
  napi_value out;
  napi_create_array(env, &out);
  uint32_t i = 0;
  for (double x : values) {
    napi_value v;
    napi_create_double(env, x, &v);
    napi_set_element(env, out, i++, v);
  }
  return out;
}

// ddpgSizes(nets) -> [actor, critic]
napi_value DdpgSizes(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 1);
    DdpgNets* nets = ddpg_of(env, a[0]);
    return numbers(env, {static_cast<double>(nets->actor_size()), static_cast<double>(nets->critic_size())});
  });
}

// ddpgUpdate(nets, observations, actions, rewards, nextObservations, terminals, actor, critic, actorTarget, criticTarget,
//            actorM, actorV, criticM, criticV, step: Float64Array [gamma, polyak, beta1, beta2, eps, criticStepSize,
//            criticBc2Sqrt, actorStepSize, actorBc2Sqrt], criticGrads | null, actorGrads | null, threads) -> [criticLoss, actorLoss]
napi_value DdpgUpdate(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 18);
    DdpgNets* nets = ddpg_of(env, a[0]);
    size_t n, ls;
    const float* rewards = typed<float>(env, a[3], napi_float32_array, &n, "rewards");
    if (n == 0) throw Failure{"the batch is empty"};
    const long rows = static_cast<long>(n), obs = nets->observations();
    DdpgBatch batch{sized(env, a[1], rows * obs, "observations"), sized(env, a[2], rows * nets->actions(), "actions"), rewards,
                    sized(env, a[4], rows * obs, "nextObservations"), sized(env, a[5], rows, "terminals"), static_cast<int>(n)};
    const long as = nets->actor_size(), cs = nets->critic_size();
    DdpgState state{sized(env, a[6], as, "actor"), sized(env, a[7], cs, "critic"), sized(env, a[8], as, "actorTarget"),
                    sized(env, a[9], cs, "criticTarget"), sized(env, a[10], as, "actorM"), sized(env, a[11], as, "actorV"),
                    sized(env, a[12], cs, "criticM"), sized(env, a[13], cs, "criticV")};
    const double* k = typed<double>(env, a[14], napi_float64_array, &ls, "step");
    if (ls != 9) throw Failure{"step must hold 9 numbers"};
    DdpgStep step{k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7], k[8]};
    float* critic_grads = optional_floats(env, a[15], cs, "criticGrads");
    float* actor_grads = optional_floats(env, a[16], as, "actorGrads");
    auto losses = nets->update(batch, state, step, critic_grads, actor_grads, thread_count(env, a[17]));
    return numbers(env, {losses.first, losses.second});
  });
}

// ddpgAct(nets, actor, observations, actions, threads): actions [n, act] = tanh(mu(s)) * bound
napi_value DdpgAct(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 5);
    DdpgNets* nets = ddpg_of(env, a[0]);
    size_t no, na;
    const float* actor = sized(env, a[1], nets->actor_size(), "actor");
    const float* obs = typed<float>(env, a[2], napi_float32_array, &no, "observations");
    float* actions = typed<float>(env, a[3], napi_float32_array, &na, "actions");
    const long rows = static_cast<long>(na) / nets->actions();
    if (rows * nets->actions() != static_cast<long>(na) || rows * nets->observations() != static_cast<long>(no)) throw Failure{"observations and actions must hold the same rows"};
    nets->act(actor, obs, static_cast<int>(rows), actions, thread_count(env, a[4]));
    return nullptr;
  });
}

// ddpgQ(nets, critic, observations, actions, values, threads): values [n] = Q(s, a)
napi_value DdpgQ(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 6);
    DdpgNets* nets = ddpg_of(env, a[0]);
    size_t nv;
    const float* critic = sized(env, a[1], nets->critic_size(), "critic");
    float* values = typed<float>(env, a[4], napi_float32_array, &nv, "values");
    const long rows = static_cast<long>(nv);
    const float* obs = sized(env, a[2], rows * nets->observations(), "observations");
    const float* actions = sized(env, a[3], rows * nets->actions(), "actions");
    nets->q(critic, obs, actions, static_cast<int>(rows), values, thread_count(env, a[5]));
    return nullptr;
  });
}

napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"kernel", nullptr, Kernel_, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"kernels", nullptr, Kernels, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"setKernel", nullptr, SetKernel, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gemmFlops", nullptr, GemmFlops, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"sgemm", nullptr, Sgemm, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"createPolicy", nullptr, CreatePolicy, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"policySetTheta", nullptr, PolicySetTheta, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"policyAct", nullptr, PolicyAct, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"createGoGePo", nullptr, CreateGoGePo, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gogepoSizes", nullptr, GoGePoSizes, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gogepoGenerate", nullptr, GoGePoGenerate, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gogepoPredict", nullptr, GoGePoPredict, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gogepoEvaluatorGradients", nullptr, GoGePoEvaluatorGradients, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gogepoGeneratorGradients", nullptr, GoGePoGeneratorGradients, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"adamStep", nullptr, AdamStep, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"createDdpg", nullptr, CreateDdpg, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"ddpgSizes", nullptr, DdpgSizes, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"ddpgUpdate", nullptr, DdpgUpdate, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"ddpgAct", nullptr, DdpgAct, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"ddpgQ", nullptr, DdpgQ, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
