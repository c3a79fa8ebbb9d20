// GoGePo's update on flat float32 buffers: the generator G (tile embeddings and
// one weight head and one bias head per layer kind), the evaluator V (probing
// states and the MLP U), their losses, gradients and PyTorch's Adam step.
//
// Parameters are laid out exactly as the TypeScript networks' variables()
// flatten (core/src/gogepo/engine.ts, GoGePoParams): G = the embeddings of every layer,
// then per layer kind (input, hidden, output) the weight head's (W [in, out], b)
// per layer and then the bias head's; V = the probing states [P, obs], then U's
// (W, b) per layer. Policies are flat thetas in PolicyLayout order (W out x in).
// The tfjs networks are the oracle (core/src/gogepo/native-engine.test.ts).
// Each layer's tiling and output scale come from @gogepo/hypernet's tileLayout.
#pragma once
#include <vector>

#include "mlp.h"

struct GoGePoLayer {
  int in, out, w_offset, b_offset;
  int rows, cols;  // the layer's tile: rows outputs x cols inputs
  float scale;     // every generated weight and bias x this (2/sqrt(in), or 1: the ablation of paper fig. 4)
};

struct GoGePoShape {
  std::vector<GoGePoLayer> layers;
  int embedding;
  std::vector<int> head_hidden;
  int probes;
  std::vector<int> evaluator_hidden;
  bool relu_hidden = false;  // the policies' hidden activation (tanh otherwise); the output is tanh x bound
  std::vector<float> action_high;
};

class GoGePoNets {
 public:
  explicit GoGePoNets(GoGePoShape shape);
  long generator_size() const { return generator_size_; }
  long evaluator_size() const { return evaluator_size_; }
  long theta_size() const { return theta_size_; }
  int layer_count() const { return static_cast<int>(shape_.layers.size()); }

  // thetas (n x theta_size) = G(commands) for n already-normalised commands.
  void generate(const float* g, const float* commands, int n, float* thetas, int threads);
  // values (n) = V(thetas); fingerprints (n x probes * actions) if not null.
  void predict(const float* e, const float* thetas, int n, float* values, float* fingerprints, int threads);
  // sum_i w_i (V(theta_i) - r_i)^2 and its gradient with respect to V's parameters (written to grads).
  double evaluator_gradients(const float* e, const float* thetas, const float* returns, const float* weights, int n, float* grads,
                             int threads);
  // sum_i w_i (V(G(c_i)) - r_i)^2 and its gradient with respect to G's parameters (written to grads), V fixed.
  double generator_gradients(const float* g, const float* e, const float* commands, const float* returns, const float* weights, int n,
                             float* grads, int threads);

 private:
  int kind_of(int layer) const;
  int tiles(int layer) const;
  void generator_forward(const float* g, const float* commands, int n, float* thetas, int threads);
  void policies_forward(const float* e, const float* thetas, int n, int threads);
  double loss_and_gradient(const float* e, const float* returns, const float* weights, int n, int threads);
  void policies_backward(const float* e, const float* thetas, int n, float* theta_grads, float* probe_grads, int threads);

  GoGePoShape shape_;
  long generator_size_ = 0, evaluator_size_ = 0, theta_size_ = 0;
  std::vector<long> embedding_offset_;
  Mlp weight_head_[3], bias_head_[3];
  Mlp u_;

  // Work buffers, kept between calls (allocating them each step costs page faults).
  struct LayerWork {
    std::vector<float> x;                           // [n * tiles, d + 1]
    std::vector<std::vector<float>> weight, bias;   // each head's layer outputs
  };
  std::vector<LayerWork> layer_work_;
  std::vector<std::vector<std::vector<float>>> h_;  // h_[i][k]: policy i's tanh outputs of layer k, [P, out_k]
  std::vector<std::vector<float>> dz_, dh_;         // per policy: scratch for the backward pass
  std::vector<float> fingerprints_;                 // [n, P * actions]
  std::vector<std::vector<float>> u_acts_;
  std::vector<float> thetas_, d_values_, d_fingerprints_, d_thetas_, d_slices_, d_bias_slices_, d_inputs_, d_bias_inputs_, spare_;
};
