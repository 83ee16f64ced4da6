# SMTPLAB_SANITIZE=address,undefined | thread: every target (libraries, tests, the program)
# is compiled and linked with the sanitizers, so a race between the window, the feed and the
# agents, or a leak in a parser, stops the test that shows it. scripts/sanitize.sh uses it.
set(SMTPLAB_SANITIZE "" CACHE STRING "Sanitizers to build with: address,undefined or thread (empty: none)")
if(SMTPLAB_SANITIZE)
  if(SMTPLAB_FUZZ)
    message(FATAL_ERROR "SMTPLAB_SANITIZE and SMTPLAB_FUZZ: the fuzz build has its own sanitizers")
  endif()
  if(SMTPLAB_SANITIZE MATCHES "thread" AND SMTPLAB_SANITIZE MATCHES "address")
    message(FATAL_ERROR "SMTPLAB_SANITIZE: thread and address cannot be combined")
  endif()
  # Without frame pointers the reports' stacks are cut short; UB is fatal, not a log line.
  add_compile_options(-fsanitize=${SMTPLAB_SANITIZE} -fno-omit-frame-pointer)
  if(SMTPLAB_SANITIZE MATCHES "undefined")
    add_compile_options(-fno-sanitize-recover=undefined)
  endif()
  add_link_options(-fsanitize=${SMTPLAB_SANITIZE})
endif()
