// Fully connected networks on flat float32 parameter arrays, and PyTorch's Adam:
// the pieces GoGePo's networks (gogepo.cc) and DDPG's (ddpg.cc) are made of.
// A layer's W is [in, out] row-major followed by its b [out], layer after layer,
// as the tfjs networks' variables flatten (nn/src/init.ts torchMlp).
#pragma once
#include <vector>

// An MLP with ReLU between layers and a linear output, at offsets of a parameter array.
struct Mlp {
  std::vector<int> sizes;
  std::vector<long> w, b;
  int layers() const { return static_cast<int>(sizes.size()) - 1; }
};

// An Mlp of these layer sizes whose parameters start at `offset` (advanced past them).
Mlp make_mlp(std::vector<int> sizes, long& offset);

// Grows v to at least n floats (work buffers are kept between calls: allocating them each step costs page faults).
void ensure(std::vector<float>& v, long n);

// Every row of out [rows, cols] = bias.
void fill_rows(float* out, int rows, int cols, const float* bias);

// out[c] += sum over rows of x[r, c], rows in order.
void column_sums_add(const float* x, int rows, int cols, float* out);

// acts[l] = layer l's output for the rows of x (ReLU after all but the last layer, which is linear).
void mlp_forward(const Mlp& net, const float* params, const float* x, int rows, std::vector<std::vector<float>>& acts, int threads);

// Backward through an MLP from d = dL/d(output) [rows, out] (overwritten; spare is scratch).
// Adds the parameter gradients into grads (unless null) and writes dL/dx into dx (unless null).
void mlp_backward(const Mlp& net, const float* params, const float* x, int rows, const std::vector<std::vector<float>>& acts,
                  std::vector<float>& d, std::vector<float>& spare, float* grads, float* dx, int threads);

// PyTorch's Adam step, in float32 in the order of nn/src/adam.ts's tfjs ops, each constant rounded to float32 as
// tfjs rounds a scalar (so the two agree bit for bit): m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
// p -= step_size m / (sqrt(v) / bias_correction2_sqrt + eps), with step_size = lr / (1 - b1^t) and
// bias_correction2_sqrt = sqrt(1 - b2^t) computed by the caller in double precision.
void adam_step(float* p, const float* g, float* m, float* v, long size, double beta1, double beta2, double eps, double step_size,
               double bias_correction2_sqrt, int threads);
