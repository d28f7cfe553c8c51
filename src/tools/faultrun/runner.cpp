#include "runner.hpp"

#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace ffikit::faultrun {

void run_cases(std::size_t count, unsigned jobs,
               const std::function<JudgedRun(std::size_t)>& run_case,
               const std::function<void(std::size_t, JudgedRun&&)>& done) {
  if (jobs <= 1 || count <= 1) {
    for (std::size_t i = 0; i < count; ++i) {
      done(i, run_case(i));
    }
    return;
  }
  std::mutex lock;
  std::condition_variable finished;
  std::vector<std::optional<JudgedRun>> results(count);
  std::size_t next = 0;
  const auto work = [&] {
    for (;;) {
      std::size_t mine = 0;
      {
        const std::lock_guard<std::mutex> hold(lock);
        if (next == count) {
          return;
        }
        mine = next++;
      }
      JudgedRun result = run_case(mine);
      {
        const std::lock_guard<std::mutex> hold(lock);
        results[mine] = std::move(result);
      }
      finished.notify_one();
    }
  };
  std::vector<std::jthread> workers;
  const std::size_t wanted = std::min<std::size_t>(jobs, count);
  workers.reserve(wanted);
  for (std::size_t i = 0; i < wanted; ++i) {
    workers.emplace_back(work);
  }
  for (std::size_t i = 0; i < count; ++i) {
    std::unique_lock<std::mutex> hold(lock);
    finished.wait(hold, [&] { return results[i].has_value(); });
    JudgedRun result = std::move(*results[i]);
    results[i].reset();
    hold.unlock();
    done(i, std::move(result));
  }
}

}  // namespace ffikit::faultrun
