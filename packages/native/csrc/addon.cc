// Node-API glue: argument checks (a wrong size is a JS error, never a read out
// of bounds), then the kernels.
#include <node_api.h>

#include <cstring>
#include <string>
#include <vector>

#include "cpu.h"
#include "gemm.h"
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

napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"kernel", nullptr, Kernel_, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"kernels", nullptr, Kernels, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"setKernel", nullptr, SetKernel, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"sgemm", nullptr, Sgemm, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"createPolicy", nullptr, CreatePolicy, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"policySetTheta", nullptr, PolicySetTheta, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"policyAct", nullptr, PolicyAct, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
