// SIGINT/SIGTERM: recorded, never acted on inside the handler. The run loop polls interrupted()
// while it waits, records the current run as aborted, undoes everything and exits 128+signal.
#pragma once

namespace cudabench::harness {

void install_signal_handlers();
int interrupted();         // the signal received, 0 if none
void clear_interrupted();  // for tests

}  // namespace cudabench::harness
