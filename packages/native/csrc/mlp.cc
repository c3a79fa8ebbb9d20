#include "mlp.h"

#include <algorithm>
#include <cmath>

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

void adam_step(float* p, const float* g, float* m, float* v, long size, double beta1, double beta2, double eps, double step_size,
               double bias_correction2_sqrt, int threads) {
  const float keep1 = static_cast<float>(beta1), take1 = static_cast<float>(1.0 - beta1);
  const float keep2 = static_cast<float>(beta2), take2 = static_cast<float>(1.0 - beta2);
  const float eps32 = static_cast<float>(eps), step32 = static_cast<float>(step_size), bc2 = static_cast<float>(bias_correction2_sqrt);
  const int parts = static_cast<int>(std::max<long>(1, std::min<long>(threads, size / 65536 + 1)));
  const long chunk = (size + parts - 1) / parts;
  run_parts(parts, [&](int part) {
    const long end = std::min(size, (part + 1) * chunk);
    for (long i = part * chunk; i < end; i++) {
      const float mi = m[i] * keep1 + g[i] * take1;
      const float vi = v[i] * keep2 + (g[i] * g[i]) * take2;
      m[i] = mi;
      v[i] = vi;
      const float denom = std::sqrt(vi) / bc2 + eps32;
      p[i] = p[i] - (mi / denom) * step32;
    }
  });
}
