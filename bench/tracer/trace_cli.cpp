// `cudabench trace` as its own binary, for the GPU machine script (same code as the subcommand).
#include <iostream>
#include <string>
#include <vector>

#include "common/error.h"

namespace cudabench::harness {
int cmd_trace(const std::vector<std::string>& args);
}

int main(int argc, char** argv) {
  try {
    return cudabench::harness::cmd_trace(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const cudabench::UserError& e) {
    std::cerr << "trace_cli: error: " << e.what() << "\n" << e.hint() << "\n";
    return 2;
  } catch (const cudabench::RunError& e) {
    std::cerr << "trace_cli: error: " << e.what() << "\n" << e.hint() << "\n";
    return 1;
  }
}
