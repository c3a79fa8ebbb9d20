#include "policy.h"

#include <algorithm>
#include <cmath>

#include "cpu.h"
#include "simd_math.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace {

enum class Activation { Tanh, Relu };

// h[o] = act(b[o] + sum_i x[i] wt[i * out + o]), in plain C++.
void layer_portable(int in, int out, const float* wt, const float* b, const float* x, float* h, Activation f) {
  for (int o = 0; o < out; o++) h[o] = b[o];
  for (int i = 0; i < in; i++) {
    const float xi = x[i];
    const float* row = wt + static_cast<long>(i) * out;
    for (int o = 0; o < out; o++) h[o] += xi * row[o];
  }
  for (int o = 0; o < out; o++) h[o] = f == Activation::Relu ? std::max(h[o], 0.f) : std::tanh(h[o]);
}

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx512f,fma"))) void layer_avx512(int in, int out, const float* wt, const float* b, const float* x, float* h, Activation f) {
  constexpr int W = 16, CHUNK = 8;  // 8 registers of 16 outputs at a time
  for (int o0 = 0; o0 < out; o0 += W * CHUNK) {
    const int n = std::min(W * CHUNK, out - o0);
    const int vecs = (n + W - 1) / W;
    __m512 acc[CHUNK];
    __mmask16 masks[CHUNK];
    for (int v = 0; v < CHUNK; v++) {
      int left = n - v * W;
      masks[v] = left >= W ? 0xFFFF : left > 0 ? static_cast<__mmask16>((1u << left) - 1) : 0;
      acc[v] = v < vecs ? _mm512_maskz_loadu_ps(masks[v], b + o0 + v * W) : _mm512_setzero_ps();
    }
    for (int i = 0; i < in; i++) {
      const __m512 xi = _mm512_set1_ps(x[i]);
      const float* row = wt + static_cast<long>(i) * out + o0;
      for (int v = 0; v < vecs; v++) acc[v] = _mm512_fmadd_ps(xi, _mm512_maskz_loadu_ps(masks[v], row + v * W), acc[v]);
    }
    for (int v = 0; v < vecs; v++) {
      __m512 y = f == Activation::Relu ? _mm512_max_ps(acc[v], _mm512_setzero_ps()) : tanh_avx512(acc[v]);
      _mm512_mask_storeu_ps(h + o0 + v * W, masks[v], y);
    }
  }
}

__attribute__((target("avx2,fma"))) void layer_avx2(int in, int out, const float* wt, const float* b, const float* x, float* h, Activation f) {
  constexpr int W = 8, CHUNK = 12;  // 12 registers of 8 outputs at a time
  const int whole = out - out % W;
  for (int o0 = 0; o0 < whole; o0 += W * CHUNK) {
    const int vecs = std::min(CHUNK, (whole - o0) / W);
    __m256 acc[CHUNK];
    for (int v = 0; v < vecs; v++) acc[v] = _mm256_loadu_ps(b + o0 + v * W);
    for (int i = 0; i < in; i++) {
      const __m256 xi = _mm256_broadcast_ss(x + i);
      const float* row = wt + static_cast<long>(i) * out + o0;
      for (int v = 0; v < vecs; v++) acc[v] = _mm256_fmadd_ps(xi, _mm256_loadu_ps(row + v * W), acc[v]);
    }
    for (int v = 0; v < vecs; v++) {
      __m256 y = f == Activation::Relu ? _mm256_max_ps(acc[v], _mm256_setzero_ps()) : tanh_avx2(acc[v]);
      _mm256_storeu_ps(h + o0 + v * W, y);
    }
  }
  if (whole < out) {  // the last out % 8 outputs, padded to one register
    alignas(32) float acc[W] = {}, y[W];
    for (int o = whole; o < out; o++) acc[o - whole] = b[o];
    for (int i = 0; i < in; i++)
      for (int o = whole; o < out; o++) acc[o - whole] = std::fma(x[i], wt[static_cast<long>(i) * out + o], acc[o - whole]);
    __m256 v = _mm256_load_ps(acc);
    _mm256_store_ps(y, f == Activation::Relu ? _mm256_max_ps(v, _mm256_setzero_ps()) : tanh_avx2(v));
    for (int o = whole; o < out; o++) h[o] = y[o - whole];
  }
}
#endif

void layer(int in, int out, const float* wt, const float* b, const float* x, float* h, Activation f) {
#if defined(__x86_64__) || defined(__i386__)
  switch (current_kernel()) {
    case Kernel::Avx512: return layer_avx512(in, out, wt, b, x, h, f);
    case Kernel::Avx2: return layer_avx2(in, out, wt, b, x, h, f);
    default: break;
  }
#endif
  layer_portable(in, out, wt, b, x, h, f);
}

}  // namespace

Policy::Policy(std::vector<PolicyLayer> layers, bool relu_hidden, std::vector<double> action_high)
    : layers_(std::move(layers)), relu_hidden_(relu_hidden), action_high_(std::move(action_high)) {
  int widest = 0;
  for (const auto& l : layers_) {
    theta_size_ = std::max({theta_size_, l.w_offset + l.in * l.out, l.b_offset + l.out});
    widest = std::max({widest, l.in, l.out});
    wt_.emplace_back(static_cast<size_t>(l.in) * l.out);
    b_.emplace_back(l.out);
  }
  x_.resize(widest);
  h_.resize(widest);
}

void Policy::set_theta(const float* theta) {
  for (size_t k = 0; k < layers_.size(); k++) {
    const PolicyLayer& l = layers_[k];
    float* wt = wt_[k].data();
    for (int o = 0; o < l.out; o++)
      for (int i = 0; i < l.in; i++) wt[static_cast<long>(i) * l.out + o] = theta[l.w_offset + o * l.in + i];
    std::copy(theta + l.b_offset, theta + l.b_offset + l.out, b_[k].begin());
  }
}

void Policy::act(const double* observation, double* action) {
  float* x = x_.data();
  float* h = h_.data();
  for (int i = 0; i < layers_.front().in; i++) x[i] = static_cast<float>(observation[i]);
  for (size_t k = 0; k < layers_.size(); k++) {
    const PolicyLayer& l = layers_[k];
    const bool last = k + 1 == layers_.size();
    layer(l.in, l.out, wt_[k].data(), b_[k].data(), x, h, !last && relu_hidden_ ? Activation::Relu : Activation::Tanh);
    std::swap(x, h);
  }
  for (int j = 0; j < layers_.back().out; j++) action[j] = static_cast<double>(x[j]) * action_high_[j];
}
