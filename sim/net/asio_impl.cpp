// Asio's implementation, compiled once for the whole program (ASIO_SEPARATE_COMPILATION):
// every other file only sees Asio's declarations, which keeps builds fast.
//
// <cstddef> comes first on purpose: Asio picks aligned_alloc/free or operator new/delete for
// its handler memory from _GLIBCXX_HAVE_ALIGNED_ALLOC, which only a standard header defines.
// Every other file that uses Asio includes standard headers before it; without this line the
// implementation compiled here freed with operator delete what those files allocated with
// aligned_alloc (two definitions of asio::aligned_new/aligned_delete; ASan:
// alloc-dealloc-mismatch in thread_info_base).
#include <cstddef>

#include <asio/impl/src.hpp>
#include <asio/ssl/impl/src.hpp>

#if !defined(ASIO_HAS_STD_ALIGNED_ALLOC)
#error "Asio must use aligned_alloc here as in every other file (see above)"
#endif
