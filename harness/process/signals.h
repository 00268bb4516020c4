// SIGINT, SIGTERM, SIGHUP (the terminal or SSH session closed) and SIGPIPE (stderr's reader went
// away, as in `cudabench run ... 2>&1 | head`): recorded, never acted on inside the handler. The
// run loop polls interrupted() while it waits, records the current run as aborted, undoes
// everything and exits 128+signal. SIGPIPE takes that path rather than being ignored: nobody reads
// the progress any more, so the session stops as cleanly as on Ctrl-C, keeping every finished run.
#pragma once

namespace cudabench::harness {

void install_signal_handlers();
int interrupted();         // the signal received, 0 if none
void clear_interrupted();  // for tests

}  // namespace cudabench::harness
