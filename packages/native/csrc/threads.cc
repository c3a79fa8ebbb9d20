#include "threads.h"

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace {

struct Pool {
  std::mutex mutex;
  std::condition_variable wake, done;
  std::vector<std::thread> workers;
  const std::function<void(int)>* job = nullptr;
  int parts = 0, next = 1, finished = 0;
  unsigned long generation = 0;

  void grow(int n) {
    while (static_cast<int>(workers.size()) < n) {
      workers.emplace_back([this] { loop(); });
      workers.back().detach();
    }
  }

  void loop() {
    unsigned long seen = 0;
    std::unique_lock<std::mutex> lock(mutex);
    for (;;) {
      wake.wait(lock, [&] { return generation != seen && next < parts; });
      seen = generation;
      while (next < parts) {
        int part = next++;
        lock.unlock();
        (*job)(part);
        lock.lock();
        if (++finished == parts - 1) done.notify_all();
      }
    }
  }
};

Pool& pool() {
  static Pool* p = new Pool();  // never destroyed: detached workers may outlive static destructors
  return *p;
}

}  // namespace

void run_parts(int parts, const std::function<void(int)>& job) {
  if (parts <= 1) {
    if (parts == 1) job(0);
    return;
  }
  Pool& p = pool();
  static std::mutex one_caller;  // one parallel region at a time
  std::lock_guard<std::mutex> guard(one_caller);
  {
    std::lock_guard<std::mutex> lock(p.mutex);
    p.grow(parts - 1);
    p.job = &job;
    p.parts = parts;
    p.next = 1;
    p.finished = 0;
    p.generation++;
  }
  p.wake.notify_all();
  job(0);
  std::unique_lock<std::mutex> lock(p.mutex);
  p.done.wait(lock, [&] { return p.finished == p.parts - 1; });
  p.parts = 0;
}
