#include "harness/process/janitor.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "common/error.h"
#include "common/log.h"

namespace cudabench::harness {
namespace {

namespace fs = std::filesystem;

std::string read_small(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool write_small(const std::string& path, const std::string& text) {
  int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  close(fd);
  return ok;
}

std::string cgroup2_mount() {
  std::ifstream mounts("/proc/self/mounts");
  std::string dev, dir, type, rest;
  while (mounts >> dev >> dir >> type && std::getline(mounts, rest))
    if (type == "cgroup2") return dir;
  return {};
}

// Kills everything in a cgroup subtree and removes it, leaves first.
void remove_cgroup(const std::string& dir) {
  if (!fs::exists(dir)) return;
  kill_cgroup(dir);
  for (int i = 0; i < 200 && read_small(dir + "/cgroup.events").find("populated 1") != std::string::npos; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::error_code ec;
  std::vector<std::string> children;
  for (auto& e : fs::directory_iterator(dir, ec))
    if (e.is_directory()) children.push_back(e.path().string());
  for (auto& c : children) remove_cgroup(c);
  rmdir(dir.c_str());
}

void undo_path(const std::string& path) {
  if (path.rfind("/sys/fs/cgroup", 0) == 0) {
    remove_cgroup(path);
  } else {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
}

// Replays a state file and undoes whatever is still recorded. Used by the watcher, by the next
// session for a dead one, and by the normal exit path. Returns what it undid, for the user.
std::string undo_state(const std::string& state_file) {
  std::map<int, std::string> irqs;
  std::vector<std::string> paths;
  std::ifstream in(state_file);
  std::string op, arg;
  while (in >> op) {
    std::getline(in >> std::ws, arg);
    if (op == "irq") {
      auto space = arg.find(' ');
      irqs[std::stoi(arg.substr(0, space))] = arg.substr(space + 1);
    } else if (op == "unirq") {
      irqs.erase(std::stoi(arg));
    } else if (op == "path") {
      paths.push_back(arg);
    } else if (op == "unpath") {
      std::erase(paths, arg);
    }
  }
  // Processes first (so nothing writes into scratch dirs any more), then files and IRQs.
  for (auto it = paths.rbegin(); it != paths.rend(); ++it) undo_path(*it);
  std::string irq_list;
  for (const auto& [irq, list] : irqs) {
    write_small("/proc/irq/" + std::to_string(irq) + "/smp_affinity_list", list);
    irq_list += (irq_list.empty() ? "" : ",") + std::to_string(irq);
  }
  unlink(state_file.c_str());
  std::string done = std::to_string(paths.size()) + " cgroup or scratch directories removed";
  for (const auto& p : paths) done += (p == paths.front() ? ": " : ", ") + p;
  return done + "; " + std::to_string(irqs.size()) + " IRQ affinities restored" +
         (irq_list.empty() ? "" : " (" + irq_list + ")");
}

// Ours and nothing else: a regular file (not a link) owned by us. Another user must not be able
// to make us replay a state file of theirs (its `path` lines are removed recursively).
bool owned_regular_file(const std::string& path) {
  struct stat st {};
  return lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid();
}

void clean_stale(const std::string& dir) {
  std::error_code ec;
  for (auto& e : fs::directory_iterator(dir, ec)) {
    auto name = e.path().filename().string();
    if (name.rfind("session-", 0) != 0 || e.path().extension() != ".state") continue;
    if (!owned_regular_file(e.path().string())) {
      log::warn("ignoring {}: not a regular file of yours", e.path().string());
      continue;
    }
    log::warn(
        "cleaning up after an earlier session that did not finish (its cudabench and watcher were "
        "killed): {}",
        undo_state(e.path().string()));
  }
}

[[noreturn]] void watch(int read_fd, const std::string& state_file) {
  // Out of the terminal's process group: Ctrl-C is for cudabench, which cleans up itself; the
  // watcher must outlive it to handle the case where it cannot.
  setsid();
  // Not named "cudabench", so `killall cudabench` (or pkill) leaves it to do its job.
  prctl(PR_SET_NAME, "cb-watcher");
  signal(SIGINT, SIG_IGN);
  signal(SIGTERM, SIG_IGN);
  signal(SIGHUP, SIG_IGN);
  char buf[64];
  while (true) {
    ssize_t n = read(read_fd, buf, sizeof buf);
    if (n == 0 || (n < 0 && errno != EINTR)) break;
  }
  if (access(state_file.c_str(), F_OK) == 0) undo_state(state_file);
  _exit(0);
}

}  // namespace

void kill_cgroup(const std::string& dir) {
  if (write_small(dir + "/cgroup.kill", "1")) return;
  for (int round = 0; round < 200; ++round) {
    std::istringstream pids(read_small(dir + "/cgroup.procs"));
    bool any = false;
    for (pid_t pid; pids >> pid;) any = kill(pid, SIGKILL) == 0 || any;
    if (!any) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::string Janitor::state_dir() {
  if (geteuid() == 0) return "/run/cudabench";
  if (const char* xdg = getenv("XDG_RUNTIME_DIR"); xdg && *xdg) return std::string(xdg) + "/cudabench";
  return "/tmp/cudabench-" + std::to_string(geteuid());
}

void Janitor::make_state_dir(const std::string& dir) {
  if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    throw RunError("cannot create " + dir + ": " + errno_text(errno), {}, {.sys_errno = errno});
  struct stat st {};
  if (lstat(dir.c_str(), &st) != 0) throw_errno("lstat " + dir);
  // A predictable name (/tmp/cudabench-UID) may have been made by someone else first: use it only
  // when it is our own directory that nobody else can write into.
  const char* why = !S_ISDIR(st.st_mode)      ? "it is not a directory (a link?)"
                    : st.st_uid != geteuid()  ? "it belongs to another user"
                    : (st.st_mode & 022) != 0 ? "other users may write into it"
                                              : nullptr;
  if (why)
    throw RunError("refusing the state directory " + dir + ": " + why,
                   "remove it, or set XDG_RUNTIME_DIR to a private directory of yours");
}

std::unique_ptr<Janitor> Janitor::start() {
  std::unique_ptr<Janitor> j(new Janitor);
  std::string dir = state_dir();
  if (geteuid() != 0) {
    if (const char* xdg = getenv("XDG_RUNTIME_DIR"); xdg && *xdg) make_state_dir(xdg);
  }
  make_state_dir(dir);
  std::error_code ec;
  std::string lock = dir + "/lock";
  j->lock_fd_ = open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (j->lock_fd_ < 0) throw_errno("open " + lock);
  if (struct stat st{}; fstat(j->lock_fd_, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid())
    throw RunError("refusing the lock file " + lock + ": not a regular file of yours", "remove it");
  if (flock(j->lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    std::string holder = read_small(lock);
    throw RunError("another cudabench session is running (" +
                       (holder.empty() ? std::string("it is starting") : "pid " + holder) +
                       "); two sessions at once would disturb each other's measurements",
                   "wait for it to finish, or stop it with Ctrl-C");
  }
  std::string pid = std::to_string(getpid());
  ftruncate(j->lock_fd_, 0);
  pwrite(j->lock_fd_, pid.data(), pid.size(), 0);
  clean_stale(dir);

  j->state_file_ = dir + "/session-" + pid + ".state";
  if (std::string mount = cgroup2_mount(); !mount.empty()) {
    // Children live in session-PID/main: cgroup v2 forbids processes in a cgroup whose children
    // use controllers, and a run's cpuset cgroup is created as a sibling, session-PID/run-N.
    std::string cg = mount + "/cudabench/session-" + pid;
    fs::create_directories(cg + "/main", ec);
    if (!ec && access((cg + "/main/cgroup.procs").c_str(), W_OK) == 0) {
      j->cgroup_dir_ = cg;
      j->cgroup_procs_ = cg + "/main/cgroup.procs";
    } else {
      log::debug("no session cgroup under {}: {}", mount, ec ? ec.message() : "not writable");
    }
  }
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw_errno("pipe2");
  j->append("");  // the state file exists from here on
  if (!j->cgroup_dir_.empty()) j->record_path(j->cgroup_dir_);
  pid_t watcher = fork();
  if (watcher < 0) throw_errno("fork");
  if (watcher == 0) {
    close(fds[1]);
    watch(fds[0], j->state_file_);
  }
  close(fds[0]);
  j->pipe_fd_ = fds[1];
  j->watcher_ = watcher;
  return j;
}

Janitor::~Janitor() {
  if (!cgroup_dir_.empty()) remove_cgroup(cgroup_dir_);
  if (!state_file_.empty()) undo_state(state_file_);
  if (pipe_fd_ >= 0) close(pipe_fd_);
  if (watcher_ > 0) waitpid(watcher_, nullptr, 0);
  if (lock_fd_ >= 0) close(lock_fd_);
}

void Janitor::append(const std::string& line) {
  // O_APPEND + one write per line: the watcher may read it at any moment, and a line must never be
  // half there. fsync is not needed: the watcher reads the page cache, not the disk.
  int fd = open(state_file_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) throw_errno("open " + state_file_);
  std::string text = line.empty() ? "" : line + "\n";
  if (!text.empty() && write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
    close(fd);
    throw_errno("write " + state_file_);
  }
  close(fd);
}

void Janitor::record_irq(int irq, const std::string& list) {
  append("irq " + std::to_string(irq) + " " + list);
}
void Janitor::forget_irq(int irq) {
  append("unirq " + std::to_string(irq));
}
void Janitor::record_path(const std::string& path) {
  append("path " + path);
}
void Janitor::forget_path(const std::string& path) {
  append("unpath " + path);
}

}  // namespace cudabench::harness
