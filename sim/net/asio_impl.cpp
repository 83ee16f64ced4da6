// Asio's implementation, compiled once for the whole program (ASIO_SEPARATE_COMPILATION):
// every other file only sees Asio's declarations, which keeps builds fast.
#include <asio/impl/src.hpp>
#include <asio/ssl/impl/src.hpp>
