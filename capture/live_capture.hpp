// Live capture through libpcap: one interface (`lo` by default), a BPF filter, immediate
// mode (each frame is handed over as soon as it arrives, not when a buffer fills), and a
// capture thread that polls libpcap's non-blocking selectable fd and copies frames into a
// FrameQueue. Kernel drop counts come from pcap_stats.
//
// Without the right privileges opening fails with a message that says how to grant them;
// nothing else in the program is affected.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "capture/frame_queue.hpp"

struct pcap;  // libpcap's pcap_t, kept out of this header

namespace smtplab::capture {

/// How to open a live capture.
struct LiveOptions {
  std::string interface = "lo";  ///< device name as `ip link` shows it (default lo)
  std::string filter;            ///< BPF expression (default: none, every frame)
  int snaplen = 262144;          ///< bytes kept per frame (default: whole frames)
  int buffer_bytes = 32 << 20;   ///< kernel ring size (default 32 MiB: no drops in bursts)
  bool promiscuous = false;      ///< default off: only this host's traffic
};

/// Counters of a live capture.
struct LiveStats {
  std::uint64_t received = 0;        ///< frames the filter accepted (pcap_stats ps_recv)
  std::uint64_t kernel_dropped = 0;  ///< dropped for lack of buffer space (ps_drop)
  std::uint64_t if_dropped = 0;      ///< dropped by the interface (ps_ifdrop)
  std::uint64_t queue_dropped = 0;   ///< dropped because the consumer lagged
  std::uint64_t delivered = 0;       ///< frames put in the queue
};

class LiveCapture {
 public:
  /// Opens and activates the interface and installs the filter. On failure returns
  /// nullptr and sets `error` (with how to grant permission when that is the cause).
  static std::unique_ptr<LiveCapture> open(const LiveOptions& options, std::string& error);
  ~LiveCapture();
  LiveCapture(const LiveCapture&) = delete;
  LiveCapture& operator=(const LiveCapture&) = delete;

  /// Starts the capture thread; frames go to `queue`, which is closed when it stops.
  void start(FrameQueue& queue);
  /// Stops the thread (if running) after it has handed over what libpcap still holds.
  void stop();
  /// Link type of the interface (DLT_*; DLT_EN10MB on Linux lo).
  int link_type() const { return link_type_; }
  /// The counters so far (pcap_stats plus our own).
  LiveStats stats() const;
  /// Why the capture thread stopped early ("" when it did not).
  std::string thread_error() const;

 private:
  explicit LiveCapture(::pcap* handle);
  void run(FrameQueue& queue);
  // pcap_stats touches the handle, so only the capture thread calls it; others read copies.
  void refresh_stats();

  ::pcap* handle_ = nullptr;
  int link_type_ = 0;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> delivered_{0};
  std::atomic<std::uint64_t> queue_dropped_{0};
  std::atomic<std::uint64_t> received_{0};
  std::atomic<std::uint64_t> kernel_dropped_{0};
  std::atomic<std::uint64_t> if_dropped_{0};
  FrameQueue* queue_ = nullptr;
  mutable std::mutex error_mutex_;
  std::string thread_error_;
};

/// The text shown when capturing is not permitted: how to grant it.
std::string capture_permission_hint();
/// The command that grants this program the capture permission (for hints in any language).
std::string setcap_command();

}  // namespace smtplab::capture
