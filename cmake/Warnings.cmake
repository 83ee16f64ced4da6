# One place for the warning flags every project target uses.
add_library(smtplab_warnings INTERFACE)
target_compile_options(smtplab_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual -Wimplicit-fallthrough)
if(SMTPLAB_WERROR)
  target_compile_options(smtplab_warnings INTERFACE -Werror)
endif()
if(SMTPLAB_FUZZ)
  # Every library is built with coverage instrumentation so the fuzzers see inside it.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
