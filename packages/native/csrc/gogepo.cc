#include "gogepo.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "gemm.h"
#include "mlp.h"
#include "threads.h"
#include "vmath.h"

namespace {

std::string text(const char* what, long value) { return std::string(what) + " " + std::to_string(value); }

}  // namespace

GoGePoNets::GoGePoNets(GoGePoShape shape) : shape_(std::move(shape)) {
  const auto& layers = shape_.layers;
  if (layers.size() < 2) throw std::invalid_argument("the policy needs at least one hidden layer");
  if (shape_.embedding <= 0 || shape_.probes <= 0) throw std::invalid_argument("embedding size and probing states must be positive");
  if (static_cast<int>(shape_.action_high.size()) != layers.back().out) throw std::invalid_argument("one action bound per action");
  for (size_t k = 0; k < layers.size(); k++) {
    const GoGePoLayer& l = layers[k];
    if (l.in <= 0 || l.out <= 0 || l.rows <= 0 || l.cols <= 0 || l.out % l.rows || l.in % l.cols)
      throw std::invalid_argument(text("tiles must cut layer", static_cast<long>(k)) + " evenly");
    if (k > 0 && layers[k - 1].out != l.in) throw std::invalid_argument(text("layer", static_cast<long>(k)) + "'s inputs differ from the previous outputs");
    theta_size_ = std::max({theta_size_, static_cast<long>(l.w_offset) + static_cast<long>(l.in) * l.out, static_cast<long>(l.b_offset) + l.out});
  }
  const int d = shape_.embedding;
  long offset = 0;
  for (int k = 0; k < layer_count(); k++) {
    embedding_offset_.push_back(offset);
    offset += static_cast<long>(tiles(k)) * d;
  }
  for (int kind = 0; kind < 3; kind++) {
    int first = -1;
    for (int k = 0; k < layer_count() && first < 0; k++) if (kind_of(k) == kind) first = k;
    if (first < 0) continue;
    std::vector<int> sizes{d + 1};
    sizes.insert(sizes.end(), shape_.head_hidden.begin(), shape_.head_hidden.end());
    sizes.push_back(layers[first].rows * layers[first].cols);
    weight_head_[kind] = make_mlp(sizes, offset);
    sizes.back() = layers[first].rows;
    bias_head_[kind] = make_mlp(sizes, offset);
  }
  generator_size_ = offset;
  offset = static_cast<long>(shape_.probes) * layers.front().in;
  std::vector<int> u{shape_.probes * layers.back().out};
  u.insert(u.end(), shape_.evaluator_hidden.begin(), shape_.evaluator_hidden.end());
  u.push_back(1);
  u_ = make_mlp(u, offset);
  evaluator_size_ = offset;
}

int GoGePoNets::kind_of(int layer) const { return layer == 0 ? 0 : layer == layer_count() - 1 ? 2 : 1; }

int GoGePoNets::tiles(int layer) const {
  const GoGePoLayer& l = shape_.layers[layer];
  return (l.out / l.rows) * (l.in / l.cols);
}

void GoGePoNets::generate(const float* g, const float* commands, int n, float* thetas, int threads) {
  generator_forward(g, commands, n, thetas, threads);
}

// Tile (m, nb) of layer k, for command i, is row i * tiles + m * inBlocks + nb of the heads' inputs; its
// weight slice is read as [cols, rows] (core's Generator: W assembles as [in, out]) and lands in theta as
// W[m * rows + b][nb * cols + a] (out x in). The bias is the bias slices' mean over nb. Both scaled by the layer's scale.
void GoGePoNets::generator_forward(const float* g, const float* commands, int n, float* thetas, int threads) {
  const int d = shape_.embedding;
  layer_work_.resize(layer_count());
  for (int k = 0; k < layer_count(); k++) {
    const GoGePoLayer& l = shape_.layers[k];
    const int tiles_k = tiles(k), rows = n * tiles_k, kind = kind_of(k);
    const int out_blocks = l.out / l.rows, in_blocks = l.in / l.cols;
    LayerWork& work = layer_work_[k];
    ensure(work.x, static_cast<long>(rows) * (d + 1));
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < tiles_k; j++) {
        float* x = work.x.data() + static_cast<long>(i * tiles_k + j) * (d + 1);
        std::copy(g + embedding_offset_[k] + static_cast<long>(j) * d, g + embedding_offset_[k] + static_cast<long>(j + 1) * d, x);
        x[d] = commands[i];
      }
    }
    mlp_forward(weight_head_[kind], g, work.x.data(), rows, work.weight, threads);
    mlp_forward(bias_head_[kind], g, work.x.data(), rows, work.bias, threads);
    const float scale = l.scale;
    const float* slices = work.weight.back().data();
    const float* bias_slices = work.bias.back().data();
    for (int i = 0; i < n; i++) {
      float* theta = thetas + i * theta_size_;
      for (int m = 0; m < out_blocks; m++) {
        for (int nb = 0; nb < in_blocks; nb++) {
          const float* s = slices + static_cast<long>(i * tiles_k + m * in_blocks + nb) * l.rows * l.cols;
          for (int a = 0; a < l.cols; a++)
            for (int b = 0; b < l.rows; b++) theta[l.w_offset + static_cast<long>(m * l.rows + b) * l.in + nb * l.cols + a] = s[a * l.rows + b] * scale;
        }
        for (int b = 0; b < l.rows; b++) {
          float sum = 0.f;
          for (int nb = 0; nb < in_blocks; nb++) sum += bias_slices[static_cast<long>(i * tiles_k + m * in_blocks + nb) * l.rows + b];
          theta[l.b_offset + m * l.rows + b] = sum / static_cast<float>(in_blocks) * scale;
        }
      }
    }
  }
}

// Each policy on the probing states (policies split over the threads; each one's products on one thread).
void GoGePoNets::policies_forward(const float* e, const float* thetas, int n, int threads) {
  const int p = shape_.probes, layers = layer_count(), actions = shape_.layers.back().out;
  if (static_cast<int>(h_.size()) < n) h_.resize(n);
  for (int i = 0; i < n; i++) {
    h_[i].resize(layers);
    for (int k = 0; k < layers; k++) ensure(h_[i][k], static_cast<long>(p) * shape_.layers[k].out);
  }
  ensure(fingerprints_, static_cast<long>(n) * p * actions);
  const int parts = std::max(1, std::min(threads, n));
  run_parts(parts, [&](int part) {
    for (int i = part; i < n; i += parts) {
      const float* theta = thetas + i * theta_size_;
      const float* x = e;  // the probing states
      for (int k = 0; k < layers; k++) {
        const GoGePoLayer& l = shape_.layers[k];
        float* h = h_[i][k].data();
        fill_rows(h, p, l.out, theta + l.b_offset);
        sgemm(false, true, p, l.out, l.in, 1.f, x, l.in, theta + l.w_offset, l.in, 1.f, h, l.out, 1);
        const long size = static_cast<long>(p) * l.out;
        if (k + 1 < layers && shape_.relu_hidden) {
          for (long j = 0; j < size; j++) h[j] = h[j] > 0.f ? h[j] : 0.f;
        } else {
          tanh_inplace(h, size);
        }
        x = h;
      }
      float* f = fingerprints_.data() + static_cast<long>(i) * p * actions;
      for (int s = 0; s < p; s++)
        for (int a = 0; a < actions; a++) f[s * actions + a] = x[s * actions + a] * shape_.action_high[a];
    }
  });
}

double GoGePoNets::loss_and_gradient(const float* e, const float* returns, const float* weights, int n, int threads) {
  mlp_forward(u_, e, fingerprints_.data(), n, u_acts_, threads);
  const float* v = u_acts_.back().data();
  ensure(d_values_, n);
  double loss = 0;
  for (int i = 0; i < n; i++) {
    const float diff = v[i] - returns[i];
    loss += static_cast<double>(weights[i]) * diff * diff;
    d_values_[i] = weights[i] * (2.f * diff);
  }
  return loss;
}

// From d_fingerprints_ back through each policy: dL/dtheta_i (theta_grads, n x theta_size) and/or the sum over
// policies of dL/d(probing states) (probe_grads, [P, obs]).
void GoGePoNets::policies_backward(const float* e, const float* thetas, int n, float* theta_grads, float* probe_grads, int threads) {
  const int p = shape_.probes, layers = layer_count(), actions = shape_.layers.back().out;
  int widest = 0;
  for (const auto& l : shape_.layers) widest = std::max({widest, l.in, l.out});
  if (static_cast<int>(dz_.size()) < n) dz_.resize(n), dh_.resize(n);
  for (int i = 0; i < n; i++) ensure(dz_[i], static_cast<long>(p) * widest), ensure(dh_[i], static_cast<long>(p) * widest);
  const int parts = std::max(1, std::min(threads, n));
  run_parts(parts, [&](int part) {
    for (int i = part; i < n; i += parts) {
      const float* theta = thetas + i * theta_size_;
      float* dz = dz_[i].data();
      float* dh = dh_[i].data();
      const float* df = d_fingerprints_.data() + static_cast<long>(i) * p * actions;
      const float* y = h_[i][layers - 1].data();
      for (int s = 0; s < p; s++)
        for (int a = 0; a < actions; a++) {
          const int j = s * actions + a;
          dz[j] = df[j] * shape_.action_high[a] * (1.f - y[j] * y[j]);
        }
      for (int k = layers - 1; k >= 0; k--) {
        const GoGePoLayer& l = shape_.layers[k];
        const float* x = k == 0 ? e : h_[i][k - 1].data();
        if (theta_grads) {
          float* grad = theta_grads + i * theta_size_;
          sgemm(true, false, l.out, l.in, p, 1.f, dz, l.out, x, l.in, 0.f, grad + l.w_offset, l.in, 1);
          std::fill(grad + l.b_offset, grad + l.b_offset + l.out, 0.f);
          column_sums_add(dz, p, l.out, grad + l.b_offset);
        }
        if (k == 0 && !probe_grads) break;
        sgemm(false, false, p, l.in, l.out, 1.f, dz, l.out, theta + l.w_offset, l.in, 0.f, dh, l.in, 1);
        if (k == 0) break;  // dh = this policy's dL/d(probing states)
        const long size = static_cast<long>(p) * l.in;
        if (shape_.relu_hidden) {
          for (long j = 0; j < size; j++) dz[j] = x[j] > 0.f ? dh[j] : 0.f;  // relu'(0) = 0, as tf.step
        } else {
          for (long j = 0; j < size; j++) dz[j] = dh[j] * (1.f - x[j] * x[j]);
        }
      }
    }
  });
  if (probe_grads) {
    const long size = static_cast<long>(p) * shape_.layers.front().in;
    for (int i = 0; i < n; i++)
      for (long j = 0; j < size; j++) probe_grads[j] += dh_[i][j];
  }
}

void GoGePoNets::predict(const float* e, const float* thetas, int n, float* values, float* fingerprints, int threads) {
  policies_forward(e, thetas, n, threads);
  mlp_forward(u_, e, fingerprints_.data(), n, u_acts_, threads);
  std::copy(u_acts_.back().data(), u_acts_.back().data() + n, values);
  if (fingerprints) std::copy(fingerprints_.data(), fingerprints_.data() + static_cast<long>(n) * shape_.probes * shape_.layers.back().out, fingerprints);
}

double GoGePoNets::evaluator_gradients(const float* e, const float* thetas, const float* returns, const float* weights, int n, float* grads,
                                       int threads) {
  policies_forward(e, thetas, n, threads);
  const double loss = loss_and_gradient(e, returns, weights, n, threads);
  std::fill(grads, grads + evaluator_size_, 0.f);
  ensure(d_fingerprints_, static_cast<long>(n) * u_.sizes[0]);
  mlp_backward(u_, e, fingerprints_.data(), n, u_acts_, d_values_, spare_, grads, d_fingerprints_.data(), threads);
  policies_backward(e, thetas, n, nullptr, grads, threads);  // the probing states sit at offset 0
  return loss;
}

double GoGePoNets::generator_gradients(const float* g, const float* e, const float* commands, const float* returns, const float* weights,
                                       int n, float* grads, int threads) {
  ensure(thetas_, n * theta_size_);
  generator_forward(g, commands, n, thetas_.data(), threads);
  policies_forward(e, thetas_.data(), n, threads);
  const double loss = loss_and_gradient(e, returns, weights, n, threads);
  ensure(d_fingerprints_, static_cast<long>(n) * u_.sizes[0]);
  mlp_backward(u_, e, fingerprints_.data(), n, u_acts_, d_values_, spare_, nullptr, d_fingerprints_.data(), threads);
  ensure(d_thetas_, n * theta_size_);
  policies_backward(e, thetas_.data(), n, d_thetas_.data(), nullptr, threads);

  std::fill(grads, grads + generator_size_, 0.f);
  const int d = shape_.embedding;
  for (int k = 0; k < layer_count(); k++) {
    const GoGePoLayer& l = shape_.layers[k];
    const int tiles_k = tiles(k), rows = n * tiles_k, kind = kind_of(k);
    const int out_blocks = l.out / l.rows, in_blocks = l.in / l.cols;
    const float scale = l.scale;
    const float bias_scale = scale / static_cast<float>(in_blocks);
    ensure(d_slices_, static_cast<long>(rows) * l.rows * l.cols);
    ensure(d_bias_slices_, static_cast<long>(rows) * l.rows);
    for (int i = 0; i < n; i++) {
      const float* grad = d_thetas_.data() + i * theta_size_;
      for (int m = 0; m < out_blocks; m++)
        for (int nb = 0; nb < in_blocks; nb++) {
          const long tile = i * tiles_k + m * in_blocks + nb;
          float* s = d_slices_.data() + tile * l.rows * l.cols;
          for (int a = 0; a < l.cols; a++)
            for (int b = 0; b < l.rows; b++) s[a * l.rows + b] = grad[l.w_offset + static_cast<long>(m * l.rows + b) * l.in + nb * l.cols + a] * scale;
          for (int b = 0; b < l.rows; b++) d_bias_slices_[tile * l.rows + b] = grad[l.b_offset + m * l.rows + b] * bias_scale;
        }
    }
    ensure(d_inputs_, static_cast<long>(rows) * (d + 1));
    ensure(d_bias_inputs_, static_cast<long>(rows) * (d + 1));
    LayerWork& work = layer_work_[k];
    mlp_backward(weight_head_[kind], g, work.x.data(), rows, work.weight, d_slices_, spare_, grads, d_inputs_.data(), threads);
    mlp_backward(bias_head_[kind], g, work.x.data(), rows, work.bias, d_bias_slices_, spare_, grads, d_bias_inputs_.data(), threads);
    float* embedding = grads + embedding_offset_[k];
    for (int i = 0; i < n; i++)
      for (int j = 0; j < tiles_k; j++) {
        const long row = static_cast<long>(i * tiles_k + j) * (d + 1);
        for (int c = 0; c < d; c++) embedding[j * d + c] += d_inputs_[row + c] + d_bias_inputs_[row + c];
      }
  }
  return loss;
}
