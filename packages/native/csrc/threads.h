#pragma once
#include <functional>

// Runs job(0) .. job(parts - 1), part 0 on the calling thread and the others on
// a pool of worker threads kept for the life of the process; returns when all are done.
void run_parts(int parts, const std::function<void(int)>& job);
