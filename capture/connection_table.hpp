// The connection tracker's index: TCP 4-tuple → connection number. One lookup per frame
// over every 4-tuple a capture ever showed (retired connections stay known), so it is an
// open-addressing table (linear probing, keys and hashes inline in one array) rather than
// std::unordered_map's node per entry: a lookup touches one or two cache lines and an
// insert allocates nothing until the table doubles.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "capture/endpoint.hpp"

namespace smtplab::capture {

/// Both endpoints of a connection, the lower one first, so both directions give one key.
using FourTuple = std::pair<Endpoint, Endpoint>;

/// The key of a segment from `a` to `b` (or from `b` to `a`).
inline FourTuple four_tuple(const Endpoint& a, const Endpoint& b) {
  return a < b ? FourTuple(a, b) : FourTuple(b, a);
}

class ConnectionTable {
 public:
  /// The value stored for `key`, or nullptr.
  std::size_t* find(const FourTuple& key);
  /// Stores `value` for `key` (which must not be present).
  void insert(const FourTuple& key, std::size_t value);
  /// Removes `key` if present.
  void erase(const FourTuple& key);
  std::size_t size() const { return size_; }

 private:
  struct Slot {
    FourTuple key;
    std::size_t value = 0;
    std::uint64_t hash = 0;  // 0: empty (real hashes are forced non-zero)
  };
  static std::uint64_t hash_of(const FourTuple& key);
  // The slot holding `key`, or the empty slot where it would go.
  std::size_t probe(const FourTuple& key, std::uint64_t hash) const;
  void grow();

  std::vector<Slot> slots_;  // size a power of two, at most 1/2 full
  std::size_t size_ = 0;
};

}  // namespace smtplab::capture
