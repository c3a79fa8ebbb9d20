#include "ddpg.h"

#include <algorithm>
#include <stdexcept>

#include "vmath.h"

DdpgNets::DdpgNets(DdpgShape shape) : shape_(std::move(shape)) {
  const int obs = shape_.observations, act = shape_.actions;
  if (obs <= 0 || act <= 0) throw std::invalid_argument("observation and action sizes must be positive");
  if (static_cast<int>(shape_.action_high.size()) != act) throw std::invalid_argument("one action bound per action");
  for (int h : shape_.actor_hidden) if (h <= 0) throw std::invalid_argument("hidden sizes must be positive");
  for (int h : shape_.critic_hidden) if (h <= 0) throw std::invalid_argument("hidden sizes must be positive");
  std::vector<int> a{obs};
  a.insert(a.end(), shape_.actor_hidden.begin(), shape_.actor_hidden.end());
  a.push_back(act);
  actor_ = make_mlp(a, actor_size_);
  std::vector<int> c{obs + act};
  c.insert(c.end(), shape_.critic_hidden.begin(), shape_.critic_hidden.end());
  c.push_back(1);
  critic_ = make_mlp(c, critic_size_);
}

void DdpgNets::actor_forward(const float* actor, const float* observations, int n, int threads) {
  mlp_forward(actor_, actor, observations, n, actor_acts_, threads);
  const int act = shape_.actions;
  const long size = static_cast<long>(n) * act;
  ensure(tanh_, size);
  ensure(actions_, size);
  std::copy(actor_acts_.back().begin(), actor_acts_.back().begin() + size, tanh_.begin());
  tanh_inplace(tanh_.data(), size);
  for (long i = 0; i < size; i++) actions_[i] = tanh_[i] * shape_.action_high[i % act];
}

void DdpgNets::critic_forward(const float* critic, const float* observations, const float* actions, int n, int threads) {
  const int obs = shape_.observations, act = shape_.actions, width = obs + act;
  ensure(inputs_, static_cast<long>(n) * width);
  for (int r = 0; r < n; r++) {
    float* row = inputs_.data() + static_cast<long>(r) * width;
    std::copy(observations + static_cast<long>(r) * obs, observations + static_cast<long>(r + 1) * obs, row);
    std::copy(actions + static_cast<long>(r) * act, actions + static_cast<long>(r + 1) * act, row + obs);
  }
  mlp_forward(critic_, critic, inputs_.data(), n, critic_acts_, threads);
}

void DdpgNets::act(const float* actor, const float* observations, int n, float* actions, int threads) {
  actor_forward(actor, observations, n, threads);
  std::copy(actions_.begin(), actions_.begin() + static_cast<long>(n) * shape_.actions, actions);
}

void DdpgNets::q(const float* critic, const float* observations, const float* actions, int n, float* values, int threads) {
  critic_forward(critic, observations, actions, n, threads);
  std::copy(critic_acts_.back().begin(), critic_acts_.back().begin() + n, values);
}

std::pair<double, double> DdpgNets::update(const DdpgBatch& b, const DdpgState& s, const DdpgStep& step, float* critic_grads,
                                           float* actor_grads, int threads) {
  const int n = b.n, obs = shape_.observations, act = shape_.actions;
  const float inv_n = 1.f / static_cast<float>(n);

  // The Bellman backup from the target networks: y = r + gamma (1 - d) Q_targ(s', mu_targ(s')), in the tfjs oracle's order.
  actor_forward(s.actor_target, b.next_observations, n, threads);
  critic_forward(s.critic_target, b.next_observations, actions_.data(), n, threads);
  ensure(backup_, n);
  const float gamma = static_cast<float>(step.gamma);
  for (int i = 0; i < n; i++) backup_[i] = b.rewards[i] + ((1.f - b.terminals[i]) * gamma) * critic_acts_.back()[i];

  // Critic: L = mean (Q(s, a) - y)^2, dL/dQ_i = 2 (Q_i - y_i) / n.
  critic_forward(s.critic, b.observations, b.actions, n, threads);
  ensure(d_, n);
  double critic_loss = 0;
  for (int i = 0; i < n; i++) {
    const float e = critic_acts_.back()[i] - backup_[i];
    critic_loss += static_cast<double>(e) * e;
    d_[i] = 2.f * e * inv_n;
  }
  critic_loss /= n;
  ensure(critic_grads_, critic_size_);
  std::fill(critic_grads_.begin(), critic_grads_.begin() + critic_size_, 0.f);
  mlp_backward(critic_, s.critic, inputs_.data(), n, critic_acts_, d_, spare_, critic_grads_.data(), nullptr, threads);
  if (critic_grads) std::copy(critic_grads_.begin(), critic_grads_.begin() + critic_size_, critic_grads);
  adam_step(s.critic, critic_grads_.data(), s.critic_m, s.critic_v, critic_size_, step.beta1, step.beta2, step.eps, step.critic_step_size,
            step.critic_bc2_sqrt, threads);

  // Actor: L = -mean Q(s, tanh(mu(s)) * bound) with the updated critic; only mu's parameters move.
  actor_forward(s.actor, b.observations, n, threads);
  critic_forward(s.critic, b.observations, actions_.data(), n, threads);
  double actor_loss = 0;
  ensure(d_, n);
  for (int i = 0; i < n; i++) {
    actor_loss -= critic_acts_.back()[i];
    d_[i] = -inv_n;
  }
  actor_loss /= n;
  const int width = obs + act;
  ensure(d_inputs_, static_cast<long>(n) * width);
  mlp_backward(critic_, s.critic, inputs_.data(), n, critic_acts_, d_, spare_, nullptr, d_inputs_.data(), threads);
  // through a = tanh(z) * bound: dz = da * bound * (1 - tanh(z)^2)
  ensure(d_, static_cast<long>(n) * act);
  for (int r = 0; r < n; r++) {
    for (int j = 0; j < act; j++) {
      const long i = static_cast<long>(r) * act + j;
      const float t = tanh_[i];
      d_[i] = (d_inputs_[static_cast<long>(r) * width + obs + j] * shape_.action_high[j]) * (1.f - t * t);
    }
  }
  ensure(actor_grads_, actor_size_);
  std::fill(actor_grads_.begin(), actor_grads_.begin() + actor_size_, 0.f);
  mlp_backward(actor_, s.actor, b.observations, n, actor_acts_, d_, spare_, actor_grads_.data(), nullptr, threads);
  if (actor_grads) std::copy(actor_grads_.begin(), actor_grads_.begin() + actor_size_, actor_grads);
  adam_step(s.actor, actor_grads_.data(), s.actor_m, s.actor_v, actor_size_, step.beta1, step.beta2, step.eps, step.actor_step_size,
            step.actor_bc2_sqrt, threads);

  // Polyak averaging of both targets, in float32 as the oracle: targ = targ * polyak + source * (1 - polyak).
  const float keep = static_cast<float>(step.polyak), take = static_cast<float>(1.0 - step.polyak);
  for (long i = 0; i < actor_size_; i++) s.actor_target[i] = s.actor_target[i] * keep + s.actor[i] * take;
  for (long i = 0; i < critic_size_; i++) s.critic_target[i] = s.critic_target[i] * keep + s.critic[i] * take;
  return {critic_loss, actor_loss};
}
