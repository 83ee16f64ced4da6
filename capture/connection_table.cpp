// Linear probing with backward-shift deletion (no tombstones: a port-reuse erase leaves the
// table as if the key had never been there).
#include "capture/connection_table.hpp"

#include <cstring>

namespace smtplab::capture {
namespace {

// The 64-bit finaliser of MurmurHash3: every input bit reaches every output bit.
std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  x ^= x >> 33;
  return x;
}

std::uint64_t hash_endpoint(const Endpoint& endpoint, std::uint64_t seed) {
  std::uint64_t words[2];
  std::memcpy(words, endpoint.address.bytes.data(), sizeof words);
  std::uint64_t h = mix(seed ^ words[0]);
  if (endpoint.address.v6) h = mix(h ^ words[1] ^ 0x6);  // IPv4 leaves bytes 4-15 zero
  return mix(h ^ endpoint.port);
}

}  // namespace

std::uint64_t ConnectionTable::hash_of(const FourTuple& key) {
  const std::uint64_t h =
      hash_endpoint(key.second, hash_endpoint(key.first, 0x9e3779b97f4a7c15ull));
  return h == 0 ? 1 : h;
}

std::size_t ConnectionTable::probe(const FourTuple& key, std::uint64_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = static_cast<std::size_t>(hash) & mask;
  while (slots_[i].hash != 0 && (slots_[i].hash != hash || slots_[i].key != key)) {
    i = (i + 1) & mask;
  }
  return i;
}

std::size_t* ConnectionTable::find(const FourTuple& key) {
  if (size_ == 0) return nullptr;
  Slot& slot = slots_[probe(key, hash_of(key))];
  return slot.hash != 0 ? &slot.value : nullptr;
}

void ConnectionTable::insert(const FourTuple& key, std::size_t value) {
  if ((size_ + 1) * 2 > slots_.size()) grow();
  const std::uint64_t hash = hash_of(key);
  Slot& slot = slots_[probe(key, hash)];
  slot.key = key;
  slot.value = value;
  slot.hash = hash;
  ++size_;
}

void ConnectionTable::erase(const FourTuple& key) {
  if (size_ == 0) return;
  const std::size_t mask = slots_.size() - 1;
  std::size_t hole = probe(key, hash_of(key));
  if (slots_[hole].hash == 0) return;
  --size_;
  // Backward shift: move up every following entry of the run that may sit in the hole
  // (its home slot is not cyclically between the hole and where it sits).
  for (std::size_t i = (hole + 1) & mask; slots_[i].hash != 0; i = (i + 1) & mask) {
    const std::size_t home = static_cast<std::size_t>(slots_[i].hash) & mask;
    const bool movable = ((i - home) & mask) >= ((i - hole) & mask);
    if (movable) {
      slots_[hole] = slots_[i];
      hole = i;
    }
  }
  slots_[hole] = Slot{};
}

void ConnectionTable::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
  for (const Slot& slot : old) {
    if (slot.hash != 0) slots_[probe(slot.key, slot.hash)] = slot;
  }
}

}  // namespace smtplab::capture
