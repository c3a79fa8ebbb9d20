#pragma once
#include <vector>

// The per-step policy of a rollout: an MLP read from a flat theta (layer k:
// W (out x in, row-major) at w_offset, b at b_offset), the hidden activation
// (tanh or ReLU) after every hidden layer, tanh after the output, times the
// action bound. set_theta() copies W transposed (in x out) so that a step is
// broadcasts of the input times contiguous rows, in float32 with FMA.
struct PolicyLayer {
  int in, out, w_offset, b_offset;
};

class Policy {
 public:
  Policy(std::vector<PolicyLayer> layers, bool relu_hidden, std::vector<double> action_high);
  int theta_size() const { return theta_size_; }
  int observation_size() const { return layers_.front().in; }
  int action_size() const { return layers_.back().out; }
  void set_theta(const float* theta);
  void act(const double* observation, double* action);

 private:
  std::vector<PolicyLayer> layers_;
  bool relu_hidden_;
  std::vector<double> action_high_;
  int theta_size_ = 0;
  std::vector<std::vector<float>> wt_, b_;
  std::vector<float> x_, h_;
};
