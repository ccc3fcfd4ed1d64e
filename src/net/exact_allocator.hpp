#pragma once
// An allocator that takes exactly what it is asked for from the heap. Bound to the readiness
// wait that every idle connection keeps pending: Asio's default recycles operation memory
// through a per-thread cache, so that wait would sit in whatever block was freed last (an
// accept operation, 248 bytes) rather than in one of its own size (about 100 bytes).
#include <cstddef>
#include <new>

namespace wick::detail {

template <class T>
struct ExactAllocator {
  using value_type = T;

  ExactAllocator() = default;
  template <class U>
  ExactAllocator(const ExactAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T))); }
  void deallocate(T* p, std::size_t) noexcept { ::operator delete(p); }

  template <class U>
  bool operator==(const ExactAllocator<U>&) const noexcept {
    return true;
  }
};

}  // namespace wick::detail
