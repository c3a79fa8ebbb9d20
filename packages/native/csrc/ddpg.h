// DDPG's whole learning step on flat float32 buffers (baselines/src/ddpg.ts is
// the tfjs oracle; baselines/src/ddpg-native.test.ts checks the two agree):
//
//   a' = tanh(mu_targ(s')) * bound                 the target actor
//   y  = r + gamma (1 - d) Q_targ(s', a')          the Bellman backup
//   L_Q  = mean (Q(s, a) - y)^2                    -> one Adam step of Q
//   L_mu = -mean Q(s, tanh(mu(s)) * bound)         -> one Adam step of mu (with the updated Q)
//   targ = polyak targ + (1 - polyak) source       for both networks
//
// mu and Q are MLPs with ReLU hidden layers (mlp.h); Q's input is [s, a].
// Parameters are laid out as the tfjs networks' variables flatten (mlp.h).
#pragma once
#include <utility>
#include <vector>

#include "mlp.h"

struct DdpgShape {
  int observations, actions;
  std::vector<int> actor_hidden, critic_hidden;
  std::vector<float> action_high;
};

// A batch of transitions, row by row: s [n, obs], a [n, act], r [n], s' [n, obs], d [n] (1: terminal).
struct DdpgBatch {
  const float *observations, *actions, *rewards, *next_observations, *terminals;
  int n;
};

// The learner's state: both networks, their targets and both Adams' moments (caller's arrays, updated in place).
struct DdpgState {
  float *actor, *critic, *actor_target, *critic_target;
  float *actor_m, *actor_v, *critic_m, *critic_v;
};

// The constants of one step; Adam's bias corrections for this step are computed by the caller in double
// precision (adam_step in mlp.h).
struct DdpgStep {
  double gamma, polyak;
  double beta1, beta2, eps;
  double critic_step_size, critic_bc2_sqrt, actor_step_size, actor_bc2_sqrt;
};

class DdpgNets {
 public:
  explicit DdpgNets(DdpgShape shape);
  long actor_size() const { return actor_size_; }
  long critic_size() const { return critic_size_; }
  int observations() const { return shape_.observations; }
  int actions() const { return shape_.actions; }

  // One learning step; returns {critic loss, actor loss}. The step's gradients are left in
  // critic_grads / actor_grads when those are not null (for the oracle test).
  std::pair<double, double> update(const DdpgBatch& batch, const DdpgState& state, const DdpgStep& step, float* critic_grads,
                                   float* actor_grads, int threads);
  // actions [n, act] = tanh(mu(s)) * bound.
  void act(const float* actor, const float* observations, int n, float* actions, int threads);
  // values [n] = Q(s, a).
  void q(const float* critic, const float* observations, const float* actions, int n, float* values, int threads);

 private:
  // acts_ of the actor for s, then actions_ = tanh(last) * bound; also keeps tanh in tanh_.
  void actor_forward(const float* actor, const float* observations, int n, int threads);
  // inputs_ = [s, a] row by row, then the critic's acts.
  void critic_forward(const float* critic, const float* observations, const float* actions, int n, int threads);

  DdpgShape shape_;
  Mlp actor_, critic_;
  long actor_size_ = 0, critic_size_ = 0;
  std::vector<std::vector<float>> actor_acts_, critic_acts_;
  std::vector<float> tanh_, actions_, inputs_, backup_, d_, spare_, d_inputs_, critic_grads_, actor_grads_;
};
