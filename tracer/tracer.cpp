#include "tracer/tracer.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cstdarg>
#include <cstring>
#include <set>
#include <thread>

#include "common/error.h"
#include "common/log.h"
#include "tracer/bpf_stats.h"
#include "tracer/decode.h"
#include "tracer/libs.h"
#include "tracer/proc_threads.h"
#include "tracer/uprobes.h"
#include "tracer_bpf.skel.h"

namespace cudabench::tracer {
namespace {

int libbpf_log(enum libbpf_print_level level, const char* format, va_list args) {
  if (level == LIBBPF_DEBUG && !log::verbose()) return 0;
  char line[1024];
  vsnprintf(line, sizeof(line), format, args);
  std::string text(line);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  log::debug("libbpf: {}", text);
  return 0;
}

uint64_t monotonic_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return uint64_t(ts.tv_sec) * 1000000000u + ts.tv_nsec;
}

uint64_t thread_cpu_ns() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return uint64_t(ts.tv_sec) * 1000000000u + ts.tv_nsec;
}

size_t ringbuf_size(size_t requested) {
  size_t size = size_t(sysconf(_SC_PAGESIZE));
  while (size < requested) size <<= 1;
  return size;
}

struct TracepointProgram {
  const char* tracepoint;
  const char* program;
};

// tp_btf programs need the tracepoint in the kernel's BTF; one that is missing is not loaded (the
// rest still works) rather than failing the whole object.
constexpr TracepointProgram tracepoints[] = {
    {"sched_switch", "on_sched_switch"},         {"sched_wakeup", "on_sched_wakeup"},
    {"sched_wakeup_new", "on_sched_wakeup_new"}, {"sched_process_fork", "on_sched_fork"},
    {"sched_process_exit", "on_sched_exit"},     {"irq_handler_entry", "on_hardirq_entry"},
    {"irq_handler_exit", "on_hardirq_exit"},     {"softirq_entry", "on_softirq_entry"},
    {"softirq_exit", "on_softirq_exit"},
};

struct SkelDeleter {
  void operator()(tracer_bpf* skel) const { tracer_bpf__destroy(skel); }
};

class TracerImpl final : public Tracer {
 public:
  explicit TracerImpl(const Options& options) : options_(options) {}
  ~TracerImpl() override;

  void load();
  void begin(pid_t tgid, const std::string& executable, Level level) override {
    begin(std::vector<pid_t>{tgid}, executable, level);
  }
  void begin(const std::vector<pid_t>& tgids, const std::string& executable, Level level) override;
  trace::TraceData end() override;
  std::vector<std::string> warnings() const override { return warnings_; }
  void inject_synthetic_launches(uint32_t count) override;

 private:
  void disable_missing_tracepoints();
  void attach_tracepoints();
  void attach_cuda(pid_t tgid, const std::string& executable);
  void read_first_accounting(pid_t tgid);
  void read_last_accounting(trace::TraceBuilder& builder);
  void start_consumer();
  void stop_consumer();
  void consume_loop();
  static int on_record(void* self, void* data, size_t size);

  Options options_;
  std::unique_ptr<tracer_bpf, SkelDeleter> skel_;
  std::vector<bpf_link*> tp_links_;
  std::unique_ptr<Uprobes> uprobes_;
  ring_buffer* rb_ = nullptr;
  std::unique_ptr<Decoder> decoder_;
  std::thread consumer_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> consumer_cpu_ns_{0};
  std::atomic<uint32_t> consumer_tid_{0};
  int stop_fd_ = -1;  // eventfd that wakes the consumer at end()
  BpfStats stats_;
  std::vector<std::string> warnings_;
  std::vector<std::string> session_warnings_;  // from open(): repeated in every window
  std::set<std::string> logged_;
};

// Links and the ring buffer go before the object they refer to.
TracerImpl::~TracerImpl() {
  stop_consumer();
  if (rb_) ring_buffer__free(rb_);
  uprobes_.reset();
  for (bpf_link* link : tp_links_) bpf_link__destroy(link);
  stats_.close();
}

void TracerImpl::disable_missing_tracepoints() {
  btf* vmlinux = btf__load_vmlinux_btf();
  if (!vmlinux)
    throw RunError("the kernel has no BTF (/sys/kernel/btf/vmlinux): the tracer needs it",
                   "use a kernel built with CONFIG_DEBUG_INFO_BTF=y");
  for (const auto& tp : tracepoints) {
    std::string type = std::string("btf_trace_") + tp.tracepoint;
    if (btf__find_by_name_kind(vmlinux, type.c_str(), BTF_KIND_TYPEDEF) >= 0) continue;
    bpf_program__set_autoload(bpf_object__find_program_by_name(skel_->obj, tp.program), false);
    session_warnings_.push_back(
        fmt::format("the kernel has no tracepoint {}: its events are not "
                    "traced",
                    tp.tracepoint));
  }
  btf__free(vmlinux);
}

void TracerImpl::load() {
  libbpf_set_print(libbpf_log);
  skel_.reset(tracer_bpf__open());
  if (!skel_) throw RunError(fmt::format("cannot open the tracer's BPF object: {}", strerror(errno)));
  size_t rb_bytes = ringbuf_size(options_.ringbuf_bytes);
  bpf_map__set_max_entries(skel_->maps.rb, rb_bytes);
  skel_->rodata->wakeup_bytes = rb_bytes / 4;
  disable_missing_tracepoints();
  if (int err = tracer_bpf__load(skel_.get())) {
    bool perm = err == -EPERM || err == -EACCES;
    throw RunError(fmt::format("cannot load the tracer's BPF programs: {}", strerror(-err)),
                   perm ? "run as root (or grant CAP_BPF, CAP_PERFMON and CAP_SYS_RESOURCE)"
                        : "run with -v to see the verifier log");
  }
  attach_tracepoints();
  rb_ = ring_buffer__new(bpf_map__fd(skel_->maps.rb), on_record, this, nullptr);
  if (!rb_) throw RunError(fmt::format("cannot open the ring buffer: {}", strerror(errno)));
  stop_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (stop_fd_ < 0) throw RunError(fmt::format("tracer: eventfd: {}", strerror(errno)));
  uprobes_ = std::make_unique<Uprobes>(skel_.get());
  stats_.open(skel_.get());
}

void TracerImpl::attach_tracepoints() {
  for (const auto& tp : tracepoints) {
    bpf_program* prog = bpf_object__find_program_by_name(skel_->obj, tp.program);
    if (!bpf_program__autoload(prog)) continue;
    bpf_link* link = bpf_program__attach(prog);
    if (!link) {
      session_warnings_.push_back(
          fmt::format("cannot attach tracepoint {}: {}: its events are not "
                      "traced",
                      tp.tracepoint, strerror(errno)));
      continue;
    }
    tp_links_.push_back(link);
  }
}

void TracerImpl::attach_cuda(pid_t tgid, const std::string& executable) {
  std::string libcuda = options_.cuda_lib;
  if (!libcuda.empty() && access(libcuda.c_str(), R_OK) != 0)
    throw UserError(fmt::format("--cuda-lib {}: {}", libcuda, strerror(errno)));
  // A running process (trace -p) shows what it really mapped; a held child has not exec'd yet.
  if (libcuda.empty()) libcuda = mapped_library(tgid, "libcuda.so");
  if (libcuda.empty()) libcuda = resolve_cuda_lib(executable);
  int driver_launch_probes = 0;
  if (libcuda.empty())
    warnings_.push_back(
        fmt::format("no libcuda found for {} (DT_NEEDED, LD_LIBRARY_PATH, ld.so.conf, "
                    "/usr/local/nvidia/lib64): driver launches are not traced; "
                    "pass --cuda-lib PATH",
                    executable));
  else
    driver_launch_probes = uprobes_->attach_libcuda(libcuda, warnings_);
  // cudaLaunchKernel reaches the driver through the exported cuLaunchKernel (on the H100 machine:
  // 27,102 of each for 27,102 qwen3 launches), so with the driver probed a runtime probe only adds a
  // second trap (~1.5 us) per launch. The harness's launch-count cross-check catches a runtime that
  // bypasses the exported symbol.
  bool runtime_launches = options_.runtime_launch_probes || driver_launch_probes == 0;
  uprobes_->attach_runtime(executable, runtime_launches);
  if (std::string cudart = find_needed(executable, "libcudart.so"); !cudart.empty())
    uprobes_->attach_runtime(cudart, runtime_launches);
  for (const auto& spec : options_.extra_probes) uprobes_->attach_extra(spec, executable, warnings_);
}

void TracerImpl::begin(const std::vector<pid_t>& tgids, const std::string& executable, Level level) {
  if (decoder_) throw RunError("tracer: begin() called twice without end()");
  if (tgids.empty()) throw RunError("tracer: begin() without a process");
  warnings_ = session_warnings_;
  // One program: its libraries, hence its probes, are the same for every process.
  if (level == Level::launch)
    attach_cuda(tgids.front(), executable);
  else
    uprobes_->attach_markers(executable);
  for (const auto& w : warnings_)
    if (logged_.insert(w).second) log::warn("{}", w);  // once per session, not once per run
  stats_.begin();
  decoder_ = std::make_unique<Decoder>(std::vector<uint32_t>(tgids.begin(), tgids.end()), monotonic_ns());
  for (pid_t tgid : tgids) {
    read_first_accounting(tgid);
    __u32 key = uint32_t(tgid);
    __u8 one = 1;
    if (bpf_map_update_elem(bpf_map__fd(skel_->maps.traced_tgids), &key, &one, BPF_ANY))
      throw RunError(fmt::format("tracer: cannot add pid {} to the filter: {}", tgid, strerror(errno)));
  }
  start_consumer();
}

// The threads alive now, with the kernel's accounting: what the reconstructed states start from.
void TracerImpl::read_first_accounting(pid_t tgid) {
  auto& b = decoder_->builder();
  for (uint32_t tid : process_threads(uint32_t(tgid))) {
    b.thread(tid, uint32_t(tgid), thread_comm(tid));
    if (auto k = read_thread_accounting(tid)) b.thread_first(tid, *k);
  }
}

// Threads that exited reported their totals at their final switch-out; the living are read here.
void TracerImpl::read_last_accounting(trace::TraceBuilder& b) {
  for (uint32_t tid : decoder_->tids()) {
    if (b.has_last(tid)) continue;
    if (auto k = read_thread_accounting(tid)) {
      b.thread_last(tid, *k);
      b.thread(tid, 0, thread_comm(tid));
    }
  }
}

void TracerImpl::start_consumer() {
  stop_ = false;
  uint64_t drain;
  while (read(stop_fd_, &drain, sizeof drain) > 0) {
  }
  consumer_ = std::thread([this] {
    consumer_tid_ = uint32_t(syscall(SYS_gettid));
    if (!options_.consumer_cpus.empty()) {
      cpu_set_t set;
      CPU_ZERO(&set);
      for (int cpu : options_.consumer_cpus) CPU_SET(cpu, &set);
      if (sched_setaffinity(0, sizeof set, &set) != 0)
        log::debug("tracer: consumer affinity not set: {}", strerror(errno));
    }
    consume_loop();
  });
}

// Records are submitted without wakeups until the buffer is a quarter full (bpf/common.bpf.h), so
// the consumer sleeps on the ring buffer's epoll and the stop eventfd, draining at least every
// 250 ms; a wakeup per record would cost ~1 us each and put the consumer on the workload's CPUs.
void TracerImpl::consume_loop() {
  int ep = epoll_create1(EPOLL_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = ring_buffer__epoll_fd(rb_);
  epoll_ctl(ep, EPOLL_CTL_ADD, ev.data.fd, &ev);
  ev.data.fd = stop_fd_;
  epoll_ctl(ep, EPOLL_CTL_ADD, stop_fd_, &ev);
  while (!stop_.load(std::memory_order_relaxed)) {
    epoll_event ready[2];
    epoll_wait(ep, ready, 2, 250);
    ring_buffer__consume(rb_);
  }
  ring_buffer__consume(rb_);
  close(ep);
  consumer_cpu_ns_ = thread_cpu_ns();
}

int TracerImpl::on_record(void* self, void* data, size_t size) {
  if (size < sizeof(cb_event)) return 0;
  auto* tracer = static_cast<TracerImpl*>(self);
  if (tracer->decoder_) tracer->decoder_->add(*static_cast<const cb_event*>(data));
  return 0;
}

void TracerImpl::stop_consumer() {
  stop_ = true;
  if (consumer_.joinable()) consumer_.join();
}

trace::TraceData TracerImpl::end() {
  if (!decoder_) throw RunError("tracer: end() without begin()");
  uint64_t end_ns = monotonic_ns();
  // Stop recording first, then drain what is already in the buffer.
  int filter = bpf_map__fd(skel_->maps.traced_tgids);
  for (uint32_t tgid : decoder_->tgids()) bpf_map_delete_elem(filter, &tgid);
  __u32 key, next;
  while (bpf_map_get_next_key(filter, nullptr, &next) == 0) {
    key = next;
    bpf_map_delete_elem(filter, &key);
  }
  uprobes_->detach_all();
  stop_consumer();
  auto& builder = decoder_->builder();
  read_last_accounting(builder);
  builder.stats().events = decoder_->records();
  builder.stats().consumer_cpu_ns = consumer_cpu_ns_;
  builder.stats().consumer_tid = consumer_tid_;
  builder.stats().ringbuf_bytes = bpf_map__max_entries(skel_->maps.rb);
  stats_.end(options_.irq_cpus, builder);
  trace::TraceData data = builder.finish(end_ns);
  decoder_.reset();
  return data;
}

void TracerImpl::inject_synthetic_launches(uint32_t count) {
  cb_burst_args args{count, 0};
  LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = &args, .ctx_size_in = sizeof(args));
  if (bpf_prog_test_run_opts(bpf_program__fd(skel_->progs.produce_burst), &opts))
    throw RunError(fmt::format("tracer: synthetic producer failed: {}", strerror(errno)));
}

}  // namespace

const char* level_name(Level level) {
  return level == Level::sched ? "sched" : "launch";
}

std::unique_ptr<Tracer> Tracer::open(const Options& options) {
  auto tracer = std::make_unique<TracerImpl>(options);
  tracer->load();
  return tracer;
}

std::string resolve_cuda_lib(const std::string& executable) {
  if (std::string needed = find_needed(executable, "libcuda.so"); !needed.empty()) return needed;
  // libcudart (static or shared) and PyTorch dlopen libcuda.so.1 at run time.
  return find_library("libcuda.so.1", executable);
}

}  // namespace cudabench::tracer
