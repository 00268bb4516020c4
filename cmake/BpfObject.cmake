# Compile a CO-RE BPF program into a libbpf skeleton header (modelled on libbpf-bootstrap's
# FindBpfObject). C++ flags never reach clang here: the BPF target has its own command line.
#
#   cudabench_bpf_object(NAME SOURCE HEADERS...)  ->  INTERFACE target NAME_skel, header NAME.skel.h

find_program(BPF_CLANG NAMES clang-14 clang REQUIRED)
# Debian ships /usr/sbin/bpftool; Ubuntu's /usr/sbin/bpftool is a wrapper that wants the running
# kernel's linux-tools, so look for linux-tools-generic's binary first (any version can generate
# skeletons and dump BTF).
file(GLOB BPFTOOL_UBUNTU /usr/lib/linux-tools/*/bpftool /usr/lib/linux-tools-*/bpftool)
find_program(BPFTOOL NAMES bpftool PATHS ${BPFTOOL_UBUNTU} /usr/sbin /usr/local/sbin REQUIRED)

# vmlinux.h comes from the build machine's BTF unless a pinned one is given (CO-RE relocates the
# field offsets at load time, so the binary still runs on other kernels).
set(CUDABENCH_VMLINUX_H "" CACHE FILEPATH "use this vmlinux.h instead of generating one")
set(BPF_GEN_DIR ${CMAKE_BINARY_DIR}/bpf_gen)
file(MAKE_DIRECTORY ${BPF_GEN_DIR})
if(CUDABENCH_VMLINUX_H)
  configure_file(${CUDABENCH_VMLINUX_H} ${BPF_GEN_DIR}/vmlinux.h COPYONLY)
elseif(NOT EXISTS ${BPF_GEN_DIR}/vmlinux.h)
  if(NOT EXISTS /sys/kernel/btf/vmlinux)
    message(FATAL_ERROR "/sys/kernel/btf/vmlinux is missing: build on a kernel with BTF "
                        "(CONFIG_DEBUG_INFO_BTF=y) or pass -DCUDABENCH_VMLINUX_H=path/to/vmlinux.h")
  endif()
  execute_process(COMMAND ${BPFTOOL} btf dump file /sys/kernel/btf/vmlinux format c
    OUTPUT_FILE ${BPF_GEN_DIR}/vmlinux.h RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    file(REMOVE ${BPF_GEN_DIR}/vmlinux.h)
    message(FATAL_ERROR "bpftool btf dump failed (${rc}): run as a user that can read /sys/kernel/btf/vmlinux")
  endif()
endif()

# clang -target bpf does not see the host's multiarch include dirs; ask the host compiler for them
# (the same trick as libbpf-bootstrap) so <bpf/bpf_helpers.h> and <asm/types.h> resolve.
execute_process(COMMAND ${BPF_CLANG} -v -E - INPUT_FILE /dev/null
  OUTPUT_VARIABLE _out ERROR_VARIABLE _clang_v)
string(REGEX MATCH "#include <...> search starts here:\n(.*)End of search list" _m "${_clang_v}")
string(REGEX MATCHALL "[^\n ]+" _dirs "${CMAKE_MATCH_1}")
set(CLANG_BPF_SYS_INCLUDES "")
foreach(d ${_dirs})
  list(APPEND CLANG_BPF_SYS_INCLUDES -idirafter ${d})
endforeach()

function(cudabench_bpf_object name source)
  set(obj ${BPF_GEN_DIR}/${name}.bpf.o)
  set(skel ${BPF_GEN_DIR}/${name}.skel.h)
  add_custom_command(OUTPUT ${obj}
    COMMAND ${BPF_CLANG} -g -O2 -target bpf -D__TARGET_ARCH_x86 ${CLANG_BPF_SYS_INCLUDES}
            -I${BPF_GEN_DIR} -I${CMAKE_SOURCE_DIR}/bpf -c ${source} -o ${obj}
    DEPENDS ${source} ${ARGN} ${BPF_GEN_DIR}/vmlinux.h
    COMMENT "BPF ${name}.bpf.c" VERBATIM)
  add_custom_command(OUTPUT ${skel}
    COMMAND ${BPFTOOL} gen skeleton ${obj} name ${name} > ${skel}
    DEPENDS ${obj}
    COMMENT "skeleton ${name}.skel.h" VERBATIM)
  add_custom_target(${name}_skel_gen DEPENDS ${skel})
  add_library(${name}_skel INTERFACE)
  add_dependencies(${name}_skel ${name}_skel_gen)
  target_include_directories(${name}_skel INTERFACE ${BPF_GEN_DIR} ${CMAKE_SOURCE_DIR}/bpf)
  target_link_libraries(${name}_skel INTERFACE cudabench::bpf)
endfunction()
