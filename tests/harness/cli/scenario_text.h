// Scenario text for the CLI tests: a command workload, the fake decoder, a shell script.
#pragma once

#include <string>

namespace testutil {

inline std::string command_scenario(const std::string& name, const std::string& argv_toml,
                                    const std::string& extra = "") {
  return "[scenario]\nname = \"" + name + "\"\n[workload]\nkind = \"command\"\ncommand = " + argv_toml +
         "\n" + extra + "[run]\ntimeout_s = 60\n";
}

inline std::string decoder(int tokens = 5) {
  return std::string("[\"") + FAKE_DECODER + "\", \"--tokens\", \"" + std::to_string(tokens) +
         "\", \"--work-us\", \"1000\"]";
}

inline std::string sh(const std::string& script) {
  std::string quoted;
  for (char c : script)
    quoted += c == '"' ? std::string("\\\"") : c == '\\' ? std::string("\\\\") : std::string(1, c);
  return "[\"/bin/sh\", \"-c\", \"" + quoted + "\"]";
}

}  // namespace testutil
