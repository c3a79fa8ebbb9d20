#include "mlp.h"

#include <algorithm>
#include <cmath>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

#include "cpu.h"
#include "gemm.h"
#include "threads.h"

void fill_rows(float* out, int rows, int cols, const float* bias) {
  for (int r = 0; r < rows; r++) std::copy(bias, bias + cols, out + static_cast<long>(r) * cols);
}

void ensure(std::vector<float>& v, long n) {
  if (static_cast<long>(v.size()) < n) v.resize(n);
}

Mlp make_mlp(std::vector<int> sizes, long& offset) {
  Mlp net;
  net.sizes = std::move(sizes);
  for (int l = 0; l < net.layers(); l++) {
    net.w.push_back(offset);
    offset += static_cast<long>(net.sizes[l]) * net.sizes[l + 1];
    net.b.push_back(offset);
    offset += net.sizes[l + 1];
  }
  return net;
}

// out[c] += sum over rows of x[r, c], rows in order.
void column_sums_add(const float* x, int rows, int cols, float* out) {
  for (int r = 0; r < rows; r++) {
    const float* row = x + static_cast<long>(r) * cols;
    for (int c = 0; c < cols; c++) out[c] += row[c];
  }
}

// acts[l] = layer l's output (ReLU after all but the last).
void mlp_forward(const Mlp& net, const float* params, const float* x, int rows, std::vector<std::vector<float>>& acts, int threads) {
  acts.resize(net.layers());
  const float* in = x;
  for (int l = 0; l < net.layers(); l++) {
    const int k = net.sizes[l], out = net.sizes[l + 1];
    ensure(acts[l], static_cast<long>(rows) * out);
    float* y = acts[l].data();
    fill_rows(y, rows, out, params + net.b[l]);
    sgemm(false, false, rows, out, k, 1.f, in, k, params + net.w[l], out, 1.f, y, out, threads);
    if (l + 1 < net.layers()) {
      const long size = static_cast<long>(rows) * out;
      for (long i = 0; i < size; i++) y[i] = y[i] > 0.f ? y[i] : 0.f;
    }
    in = y;
  }
}

void mlp_backward(const Mlp& net, const float* params, const float* x, int rows, const std::vector<std::vector<float>>& acts,
                  std::vector<float>& d, std::vector<float>& spare, float* grads, float* dx, int threads) {
  for (int l = net.layers() - 1; l >= 0; l--) {
    const int in = net.sizes[l], out = net.sizes[l + 1];
    const float* input = l == 0 ? x : acts[l - 1].data();
    if (grads) {
      sgemm(true, false, in, out, rows, 1.f, input, in, d.data(), out, 1.f, grads + net.w[l], out, threads);
      column_sums_add(d.data(), rows, out, grads + net.b[l]);
    }
    if (l == 0) {
      if (dx) sgemm(false, true, rows, in, out, 1.f, d.data(), out, params + net.w[l], out, 0.f, dx, in, threads);
      break;
    }
    ensure(spare, static_cast<long>(rows) * in);
    sgemm(false, true, rows, in, out, 1.f, d.data(), out, params + net.w[l], out, 0.f, spare.data(), in, threads);
    const float* y = acts[l - 1].data();
    const long size = static_cast<long>(rows) * in;
    for (long i = 0; i < size; i++) spare[i] = y[i] > 0.f ? spare[i] : 0.f;  // relu'(0) = 0, as PyTorch and tf.step
    std::swap(d, spare);
  }
}

namespace {

struct AdamConstants {
  float keep1, take1, keep2, take2, eps, step, bc2;
};

// The element-wise Adam update of [begin, end): each operation rounded to float32 on its own (no fused
// multiply-add, as the tfjs oracle), so the SIMD kernels give the portable loop's bits.
void adam_portable(float* p, const float* g, float* m, float* v, long begin, long end, const AdamConstants& k) {
  for (long i = begin; i < end; i++) {
    const float mi = m[i] * k.keep1 + g[i] * k.take1;
    const float vi = v[i] * k.keep2 + (g[i] * g[i]) * k.take2;
    m[i] = mi;
    v[i] = vi;
    const float denom = std::sqrt(vi) / k.bc2 + k.eps;
    p[i] = p[i] - (mi / denom) * k.step;
  }
}

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx512f"))) void adam_avx512(float* p, const float* g, float* m, float* v, long begin, long end, const AdamConstants& k) {
  const __m512 keep1 = _mm512_set1_ps(k.keep1), take1 = _mm512_set1_ps(k.take1), keep2 = _mm512_set1_ps(k.keep2), take2 = _mm512_set1_ps(k.take2);
  const __m512 eps = _mm512_set1_ps(k.eps), step = _mm512_set1_ps(k.step), bc2 = _mm512_set1_ps(k.bc2);
  long i = begin;
  for (; i + 16 <= end; i += 16) {
    const __m512 gi = _mm512_loadu_ps(g + i);
    const __m512 mi = _mm512_add_ps(_mm512_mul_ps(_mm512_loadu_ps(m + i), keep1), _mm512_mul_ps(gi, take1));
    const __m512 vi = _mm512_add_ps(_mm512_mul_ps(_mm512_loadu_ps(v + i), keep2), _mm512_mul_ps(_mm512_mul_ps(gi, gi), take2));
    _mm512_storeu_ps(m + i, mi);
    _mm512_storeu_ps(v + i, vi);
    const __m512 denom = _mm512_add_ps(_mm512_div_ps(_mm512_sqrt_ps(vi), bc2), eps);
    _mm512_storeu_ps(p + i, _mm512_sub_ps(_mm512_loadu_ps(p + i), _mm512_mul_ps(_mm512_div_ps(mi, denom), step)));
  }
  adam_portable(p, g, m, v, i, end, k);
}

__attribute__((target("avx2"))) void adam_avx2(float* p, const float* g, float* m, float* v, long begin, long end, const AdamConstants& k) {
  const __m256 keep1 = _mm256_set1_ps(k.keep1), take1 = _mm256_set1_ps(k.take1), keep2 = _mm256_set1_ps(k.keep2), take2 = _mm256_set1_ps(k.take2);
  const __m256 eps = _mm256_set1_ps(k.eps), step = _mm256_set1_ps(k.step), bc2 = _mm256_set1_ps(k.bc2);
  long i = begin;
  for (; i + 8 <= end; i += 8) {
    const __m256 gi = _mm256_loadu_ps(g + i);
    const __m256 mi = _mm256_add_ps(_mm256_mul_ps(_mm256_loadu_ps(m + i), keep1), _mm256_mul_ps(gi, take1));
    const __m256 vi = _mm256_add_ps(_mm256_mul_ps(_mm256_loadu_ps(v + i), keep2), _mm256_mul_ps(_mm256_mul_ps(gi, gi), take2));
    _mm256_storeu_ps(m + i, mi);
    _mm256_storeu_ps(v + i, vi);
    const __m256 denom = _mm256_add_ps(_mm256_div_ps(_mm256_sqrt_ps(vi), bc2), eps);
    _mm256_storeu_ps(p + i, _mm256_sub_ps(_mm256_loadu_ps(p + i), _mm256_mul_ps(_mm256_div_ps(mi, denom), step)));
  }
  adam_portable(p, g, m, v, i, end, k);
}
#endif

void adam_range(float* p, const float* g, float* m, float* v, long begin, long end, const AdamConstants& k) {
#if defined(__x86_64__) || defined(__i386__)
  switch (current_kernel()) {
    case Kernel::Avx512: return adam_avx512(p, g, m, v, begin, end, k);
    case Kernel::Avx2: return adam_avx2(p, g, m, v, begin, end, k);
    default: break;
  }
#endif
  adam_portable(p, g, m, v, begin, end, k);
}

}  // namespace

void adam_step(float* p, const float* g, float* m, float* v, long size, double beta1, double beta2, double eps, double step_size,
               double bias_correction2_sqrt, int threads) {
  const AdamConstants k{static_cast<float>(beta1), static_cast<float>(1.0 - beta1), static_cast<float>(beta2), static_cast<float>(1.0 - beta2),
                        static_cast<float>(eps), static_cast<float>(step_size), static_cast<float>(bias_correction2_sqrt)};
  const int parts = static_cast<int>(std::max<long>(1, std::min<long>(threads, size / 65536 + 1)));
  if (parts == 1) return adam_range(p, g, m, v, 0, size, k);
  const long chunk = (size + parts - 1) / parts;
  run_parts(parts, [&](int part) { adam_range(p, g, m, v, part * chunk, std::min(size, (part + 1) * chunk), k); });
}
