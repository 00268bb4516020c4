#include "harness/process/signals.h"

#include <signal.h>

#include <atomic>

namespace cudabench::harness {
namespace {

std::atomic<int> received{0};

void on_signal(int sig) {
  received.store(sig);
}

}  // namespace

void install_signal_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) sigaction(sig, &sa, nullptr);
}

int interrupted() {
  return received.load();
}
void clear_interrupted() {
  received.store(0);
}

}  // namespace cudabench::harness
