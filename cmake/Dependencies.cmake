# Third-party packages, all from Debian (scripts/install-deps.sh installs them).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(OpenSSL 3 REQUIRED)

# Asio (standalone) ships no CMake or pkg-config file. It is compiled once, in
# sim/net/asio_impl.cpp (ASIO_SEPARATE_COMPILATION), because every translation unit that
# instantiates it costs ~10 s on the lab machines.
find_path(ASIO_INCLUDE_DIR asio.hpp REQUIRED)
add_library(smtplab_asio INTERFACE)
target_include_directories(smtplab_asio SYSTEM INTERFACE ${ASIO_INCLUDE_DIR})
target_compile_definitions(smtplab_asio INTERFACE ASIO_STANDALONE ASIO_SEPARATE_COMPILATION
                                                  ASIO_NO_DEPRECATED)
target_link_libraries(smtplab_asio INTERFACE Threads::Threads OpenSSL::SSL OpenSSL::Crypto)

pkg_check_modules(PCAP REQUIRED IMPORTED_TARGET libpcap)
find_package(yaml-cpp REQUIRED)
find_package(nlohmann_json 3 REQUIRED)  # target nlohmann_json::nlohmann_json

if(SMTPLAB_BUILD_GUI)
  pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
  find_package(glfw3 3.3 REQUIRED)
  find_package(OpenGL REQUIRED)
  pkg_check_modules(MD4C REQUIRED IMPORTED_TARGET md4c)
endif()

if(SMTPLAB_BUILD_TESTS)
  find_package(GTest REQUIRED)
  include(GoogleTest)
endif()
