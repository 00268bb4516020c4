// What identifies a session across databases: a random uuid, and the host it ran on.
#pragma once

#include <string>

namespace cudabench::results {

// A random RFC 4122 version-4 uuid, "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".
std::string new_session_uuid();

// $CUDABENCH_HOST when set (a Kubernetes pod sets it to its node's name, whose hostname is the
// pod's), else gethostname().
std::string local_host_name();

}  // namespace cudabench::results
