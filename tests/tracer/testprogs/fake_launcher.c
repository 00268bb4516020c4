/* The tracer's test program: launches through libfakecuda a known number of times from two threads
 * with known dimensions and streams, then (by mode) makes the worker sleep, spin or send loopback
 * traffic. Usage: fake_launcher N [plain|spin|net|loop SECONDS]. Test fixture only.
 *   main thread, N times:   cuLaunchKernel grid (1,2,3) block (4,5,6) smem 128 stream 0x1234
 *   worker thread, N times: cuLaunchKernel grid (21,22,23) block (24,25,26) smem 2048 stream 0xbeef
 *   each thread, N/2 times: cuLaunchKernelEx grid (7,8,9) block (10,11,12) smem 256 stream 0x5678
 *   each thread, N/4 times: cuGraphLaunch stream 0x9abc
 *   mode runtime: main thread, N more: cudaLaunchKernel grid (31,32,33) block (34,35,36) smem 512
 *                 stream 0xcafe (which calls cuLaunchKernel with the same arguments)
 *   mode fork: a forked child process makes N more cuLaunchKernel like the main thread's
 *   main thread: 3 cuCtxSynchronize, 2 cuStreamSynchronize, 1 cuEventSynchronize, and phase
 *   markers decode_start (2, 0) and token (3, 1..N/100) */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fake_cuda.h"

__attribute__((noinline, used, visibility("default"))) void cudabench_phase_marker(unsigned phase,
                                                                                   unsigned token) {
  __asm__ volatile("" ::"r"(phase), "r"(token) : "memory");
}

/* Static cudart's cudaLaunchKernel, real signature (dim3 by value), reaching the driver's exported
 * cuLaunchKernel as the real one does. */
typedef struct {
  unsigned x, y, z;
} dim3;

__attribute__((noinline, used, visibility("default"))) int cudaLaunchKernel(const void* func, dim3 grid,
                                                                            dim3 block, void** args,
                                                                            size_t smem, CUstream stream) {
  return cuLaunchKernel((CUfunction)func, grid.x, grid.y, grid.z, block.x, block.y, block.z, (unsigned)smem,
                        stream, args, 0);
}

struct job {
  long n;
  unsigned grid0, block0, smem;
  unsigned long stream;
};

static void launch_all(const struct job* j) {
  CUlaunchConfig cfg = {7, 8, 9, 10, 11, 12, 256, (CUstream)0x5678, 0, 0};
  for (long i = 0; i < j->n; ++i) {
    cuLaunchKernel((CUfunction)0x1, j->grid0, j->grid0 + 1, j->grid0 + 2, j->block0, j->block0 + 1,
                   j->block0 + 2, j->smem, (CUstream)j->stream, 0, 0);
    if (i % 2 == 0) cuLaunchKernelEx(&cfg, (CUfunction)0x2, 0, 0);
    if (i % 4 == 0) cuGraphLaunch((CUgraphExec)0x3, (CUstream)0x9abc);
  }
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Spin 4 ms, sleep 100 us, 100 times: a CPU hog on the same core preempts the spins and delays the
 * wakeups. */
static void spin_and_sleep(void) {
  for (int i = 0; i < 100; ++i) {
    double until = now_s() + 0.004;
    while (now_s() < until) {
    }
    usleep(100);
  }
}

/* 300 ms of TCP over 127.0.0.1: the receive path runs as NET_RX softirqs on the sender's CPU. */
static void loopback_traffic(void) {
  int srv = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  setsockopt(srv, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0};
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  if (bind(srv, (struct sockaddr*)&addr, len) || listen(srv, 1) ||
      getsockname(srv, (struct sockaddr*)&addr, &len)) {
    perror("loopback");
    exit(1);
  }
  int cli = socket(AF_INET, SOCK_STREAM, 0);
  if (connect(cli, (struct sockaddr*)&addr, len)) {
    perror("connect");
    exit(1);
  }
  int peer = accept(srv, 0, 0);
  static char buf[65536];
  for (double until = now_s() + 0.3; now_s() < until;) {
    if (send(cli, buf, sizeof(buf), 0) < 0) break;
    while (recv(peer, buf, sizeof(buf), MSG_DONTWAIT) > 0) {
    }
  }
  close(cli), close(peer), close(srv);
}

static const char* mode = "plain";

static void* worker(void* arg) {
  pthread_setname_np(pthread_self(), "cb-worker");
  launch_all(arg);
  usleep(1000); /* at least one blocked switch of the worker, whatever the mode */
  if (!strcmp(mode, "spin")) spin_and_sleep();
  if (!strcmp(mode, "net")) loopback_traffic();
  return 0;
}

int main(int argc, char** argv) {
  long n = argc > 1 ? atol(argv[1]) : 1000;
  if (argc > 2) mode = argv[2];
  if (!strcmp(mode, "loop")) { /* the throughput benchmark: one thread, launches for S seconds */
    double until = now_s() + (argc > 3 ? atof(argv[3]) : 1.0);
    struct job j = {n, 1, 4, 128, 0x1234};
    long rounds = 0;
    for (; now_s() < until; ++rounds) launch_all(&j);
    printf("%ld\n", rounds * (n + (n + 1) / 2 + (n + 3) / 4));
    return 0;
  }
  struct job main_job = {n, 1, 4, 128, 0x1234}, worker_job = {n, 21, 24, 2048, 0xbeef};
  pthread_t t;
  pthread_create(&t, 0, worker, &worker_job);
  cudabench_phase_marker(2, 0);
  launch_all(&main_job);
  if (!strcmp(mode, "fork")) {
    struct job child_job = {n, 1, 4, 128, 0x1234};
    pid_t child = fork();
    if (child == 0) {
      for (long i = 0; i < child_job.n; ++i)
        cuLaunchKernel((CUfunction)0x1, 1, 2, 3, 4, 5, 6, 128, (CUstream)0x1234, 0, 0);
      _exit(0);
    }
    waitpid(child, 0, 0);
  }
  if (!strcmp(mode, "runtime"))
    for (long i = 0; i < n; ++i)
      cudaLaunchKernel((void*)0x4, (dim3){31, 32, 33}, (dim3){34, 35, 36}, 0, 512, (CUstream)0xcafe);
  for (long k = 1; k <= n / 100; ++k) cudabench_phase_marker(3, (unsigned)k);
  for (int i = 0; i < 3; ++i) cuCtxSynchronize();
  cuStreamSynchronize((CUstream)0x1234), cuStreamSynchronize((CUstream)0x1234);
  cuEventSynchronize((CUevent)0x7);
  pthread_join(t, 0);
  printf("%lu\n", fake_cuda_calls());
  return 0;
}
