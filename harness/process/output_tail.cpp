#include "harness/process/output_tail.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "common/error.h"

namespace cudabench::harness {

OutputTail::OutputTail(std::string fifo_path, std::string marker, std::size_t tail_bytes)
    : path_(std::move(fifo_path)), marker_(std::move(marker)), limit_(tail_bytes) {
  if (mkfifo(path_.c_str(), 0600) != 0) throw_errno("mkfifo " + path_);
  // Opened non-blocking so that neither side waits for the other; the child's open for writing
  // then succeeds at once.
  fd_ = open(path_.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd_ < 0) throw_errno("open " + path_);
  if (pipe2(wake_, O_CLOEXEC) != 0) {
    const int err = errno;
    close(fd_);
    errno = err;
    throw_errno("pipe2");
  }
  thread_ = std::thread([this] { drain(); });
}

OutputTail::~OutputTail() {
  if (thread_.joinable()) finish();
  for (int fd : {fd_, wake_[0], wake_[1]})
    if (fd >= 0) close(fd);
}

void OutputTail::drain() {
  char buf[1 << 16];
  bool writer_seen = false;  // a writer has opened the FIFO (data, or EAGAIN rather than EOF)
  for (;;) {
    const ssize_t n = read(fd_, buf, sizeof buf);
    if (n > 0) {
      writer_seen = true;
      total_ += static_cast<std::size_t>(n);
      std::lock_guard<std::mutex> lock(mutex_);
      keep(buf, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EAGAIN) writer_seen = true;
    // 0 once writers were there: they all closed it (the child and whatever it forked). After
    // finish(), EAGAIN means only a process left behind holds it: what was written has been read.
    if (n == 0 && writer_seen) return;
    if (n < 0 && errno != EAGAIN && errno != EINTR) return;
    if (finishing_) return;
    // Sleep until data or finish(), without waking during the run: the workload is being measured.
    // Before the child has opened the FIFO, read() gives 0 and poll() could return at once, so
    // that short moment is polled every 2 ms.
    pollfd p[2] = {{fd_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
    poll(p, 2, writer_seen ? -1 : 2);
  }
}

void OutputTail::keep(const char* data, std::size_t n) {
  for (std::size_t i = 0; i < n && !marker_.empty(); ++i) {  // the last marked line, bounded
    if (at_line_start_) line_.clear();
    at_line_start_ = data[i] == '\n';
    if (at_line_start_) {
      if (line_.rfind(marker_, 0) == 0) marked_ = line_;
    } else if (line_.size() < max_marked_line) {
      line_ += data[i];
    }
  }
  tail_.append(data, n);
  if (tail_.size() > 2 * limit_) {  // amortised: cut once it holds twice what is kept
    tail_.erase(0, tail_.size() - limit_);
    cut_ = true;
  }
}

std::string OutputTail::finish() {
  finishing_ = true;
  (void)!write(wake_[1], "x", 1);
  if (thread_.joinable()) thread_.join();
  std::lock_guard<std::mutex> lock(mutex_);
  if (!line_.empty() && !at_line_start_ && line_.rfind(marker_, 0) == 0 && !marker_.empty()) marked_ = line_;
  std::string tail = tail_.size() > limit_ ? tail_.substr(tail_.size() - limit_) : tail_;
  if (cut_ || tail_.size() > limit_) {
    const auto nl = tail.find('\n');
    tail.erase(0, nl == std::string::npos ? 0 : nl + 1);
  }
  if (marked_.empty() || tail.find(marked_) != std::string::npos) return tail;
  return marked_ + "\n" + tail;
}

}  // namespace cudabench::harness
