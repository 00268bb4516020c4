# Imported targets for the Debian packages we build against.

add_library(cudabench_fmt INTERFACE)
target_compile_definitions(cudabench_fmt INTERFACE FMT_HEADER_ONLY=1)
add_library(cudabench::fmt ALIAS cudabench_fmt)

# nlohmann-json3-dev, header-only: every JSON the tool writes (reports, progress events) and reads
# (the interferers' reports, CUDABENCH_RESULT lines).
find_package(nlohmann_json 3.10 REQUIRED)
add_library(cudabench_json INTERFACE)
target_link_libraries(cudabench_json INTERFACE nlohmann_json::nlohmann_json)
add_library(cudabench::json ALIAS cudabench_json)

# Debian's tomlplusplus CMake target forces TOML_SHARED_LIB=1; header-only mode keeps the binary
# free of libtomlplusplus.so.
find_path(TOMLPP_INCLUDE_DIR toml++/toml.h REQUIRED)
add_library(cudabench_toml INTERFACE)
target_include_directories(cudabench_toml SYSTEM INTERFACE ${TOMLPP_INCLUDE_DIR})
target_compile_definitions(cudabench_toml INTERFACE TOML_HEADER_ONLY=1 TOML_EXCEPTIONS=1)
add_library(cudabench::toml ALIAS cudabench_toml)

function(cudabench_static_or_shared out name)
  if(CUDABENCH_STATIC_DEPS)
    find_library(${out} NAMES lib${name}.a ${name})
  else()
    find_library(${out} NAMES ${name})
  endif()
  if(NOT ${out})
    message(FATAL_ERROR "lib${name} not found: run ci/setup")
  endif()
endfunction()

cudabench_static_or_shared(SQLITE_LIB sqlite3)
find_path(SQLITE_INCLUDE_DIR sqlite3.h REQUIRED)
add_library(cudabench_sqlite INTERFACE)
target_include_directories(cudabench_sqlite SYSTEM INTERFACE ${SQLITE_INCLUDE_DIR})
target_link_libraries(cudabench_sqlite INTERFACE ${SQLITE_LIB} Threads::Threads ${CMAKE_DL_LIBS} m)
add_library(cudabench::sqlite ALIAS cudabench_sqlite)

pkg_check_modules(LIBBPF REQUIRED libbpf)
cudabench_static_or_shared(BPF_LIB bpf)
cudabench_static_or_shared(ELF_LIB elf)
cudabench_static_or_shared(Z_LIB z)
add_library(cudabench_bpf INTERFACE)
target_include_directories(cudabench_bpf SYSTEM INTERFACE ${LIBBPF_INCLUDE_DIRS})
target_link_libraries(cudabench_bpf INTERFACE ${BPF_LIB} ${ELF_LIB} ${Z_LIB})
add_library(cudabench::bpf ALIAS cudabench_bpf)

# RE2: metric_regex runs in linear time, without the recursion that crashes std::regex on long
# output. Static with CUDABENCH_STATIC_DEPS like the others (the GPU machine has no libre2).
pkg_check_modules(RE2 REQUIRED re2)
cudabench_static_or_shared(RE2_LIB re2)
add_library(cudabench_re2 INTERFACE)
target_include_directories(cudabench_re2 SYSTEM INTERFACE ${RE2_INCLUDE_DIRS})
target_link_libraries(cudabench_re2 INTERFACE ${RE2_LIB} Threads::Threads)
add_library(cudabench::re2 ALIAS cudabench_re2)

