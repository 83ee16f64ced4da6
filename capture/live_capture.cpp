// libpcap live capture on a thread: pcap_create → options → pcap_activate → filter →
// non-blocking fd polled with a timeout, so stop() is noticed within one poll period.
#include "capture/live_capture.hpp"

#include <pcap/pcap.h>
#include <poll.h>

#include <unistd.h>

#include <cerrno>

namespace smtplab::capture {
namespace {

// How long the thread sleeps in poll() before checking for stop().
constexpr int kPollMillis = 50;

}  // namespace

std::string setcap_command() {
  char path[4096] = {};
  const ssize_t n = ::readlink("/proc/self/exe", path, sizeof path - 1);
  const std::string binary = n > 0 ? std::string(path, static_cast<std::size_t>(n)) : "smtplab";
  return "sudo setcap cap_net_raw,cap_net_admin=eip " + binary;
}

std::string capture_permission_hint() {
  return "capturing needs the CAP_NET_RAW and CAP_NET_ADMIN capabilities: run as root, or "
         "grant them once with\n  " +
         setcap_command() + "\n(analysing capture files needs no privilege)";
}

std::unique_ptr<LiveCapture> LiveCapture::open(const LiveOptions& options, std::string& error) {
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  ::pcap* handle = pcap_create(options.interface.c_str(), errbuf);
  if (!handle) {
    error = options.interface + ": " + errbuf;
    return nullptr;
  }
  pcap_set_snaplen(handle, options.snaplen);
  pcap_set_promisc(handle, options.promiscuous ? 1 : 0);
  pcap_set_immediate_mode(handle, 1);
  pcap_set_buffer_size(handle, options.buffer_bytes);
  // Nanosecond stamps when the platform has them (Linux does); microseconds otherwise.
  pcap_set_tstamp_precision(handle, PCAP_TSTAMP_PRECISION_NANO);
  const int rc = pcap_activate(handle);
  if (rc < 0) {
    const std::string why = pcap_geterr(handle);
    if (rc == PCAP_ERROR_PERM_DENIED) {
      error = options.interface + ": no permission to capture (" + why + ")\n" +
              capture_permission_hint();
    } else if (rc == PCAP_ERROR_NO_SUCH_DEVICE) {
      error = options.interface + ": no such interface (" + why + ")";
    } else {
      error = options.interface + ": " + (why.empty() ? pcap_statustostr(rc) : why);
    }
    pcap_close(handle);
    return nullptr;
  }
  if (!options.filter.empty()) {
    bpf_program program{};
    if (pcap_compile(handle, &program, options.filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
      error = "filter '" + options.filter + "': " + pcap_geterr(handle);
      pcap_close(handle);
      return nullptr;
    }
    const int set = pcap_setfilter(handle, &program);
    pcap_freecode(&program);
    if (set != 0) {
      error = "filter '" + options.filter + "': " + pcap_geterr(handle);
      pcap_close(handle);
      return nullptr;
    }
  }
  if (pcap_setnonblock(handle, 1, errbuf) != 0 || pcap_get_selectable_fd(handle) < 0) {
    error = options.interface + ": cannot poll this device (" + errbuf + ")";
    pcap_close(handle);
    return nullptr;
  }
  return std::unique_ptr<LiveCapture>(new LiveCapture(handle));
}

LiveCapture::LiveCapture(::pcap* handle) : handle_(handle), link_type_(pcap_datalink(handle)) {}

LiveCapture::~LiveCapture() {
  stop();
  if (handle_) pcap_close(handle_);
}

void LiveCapture::start(FrameQueue& queue) {
  if (thread_.joinable()) return;
  stopping_ = false;
  queue_ = &queue;
  thread_ = std::thread([this, &queue] { run(queue); });
}

void LiveCapture::stop() {
  if (!thread_.joinable()) return;
  stopping_ = true;
  thread_.join();
}

void LiveCapture::run(FrameQueue& queue) {
  const int fd = pcap_get_selectable_fd(handle_);
  auto handler = [](u_char* user, const pcap_pkthdr* header, const u_char* bytes) {
    auto* self = reinterpret_cast<LiveCapture*>(user);
    OwnedFrame frame;
    frame.ts_sec = header->ts.tv_sec;
    frame.ts_nsec = static_cast<std::uint32_t>(header->ts.tv_usec);  // ns: precision is nano
    frame.link_type = self->link_type_;
    frame.original_length = header->len;
    frame.bytes.assign(bytes, bytes + header->caplen);
    if (self->queue_->push(std::move(frame))) {
      ++self->delivered_;
    } else {
      ++self->queue_dropped_;
    }
  };
  auto* user = reinterpret_cast<u_char*>(this);
  while (!stopping_) {
    pollfd entry{fd, POLLIN, 0};
    const int ready = ::poll(&entry, 1, kPollMillis);
    if (ready < 0 && errno != EINTR) {
      std::lock_guard lock(error_mutex_);
      thread_error_ = "poll failed on the capture device";
      break;
    }
    refresh_stats();
    if (ready <= 0) continue;
    if (pcap_dispatch(handle_, -1, handler, user) == PCAP_ERROR) {
      std::lock_guard lock(error_mutex_);
      thread_error_ = pcap_geterr(handle_);
      break;
    }
  }
  // Frames that arrived between the last poll and stop(): hand them over too.
  while (pcap_dispatch(handle_, -1, handler, user) > 0) {
  }
  refresh_stats();
  queue.close();
}

void LiveCapture::refresh_stats() {
  pcap_stat raw{};
  if (pcap_stats(handle_, &raw) != 0) return;
  received_ = raw.ps_recv;
  kernel_dropped_ = raw.ps_drop;
  if_dropped_ = raw.ps_ifdrop;
}

LiveStats LiveCapture::stats() const {
  LiveStats out;
  out.received = received_;
  out.kernel_dropped = kernel_dropped_;
  out.if_dropped = if_dropped_;
  out.delivered = delivered_;
  out.queue_dropped = queue_dropped_;
  return out;
}

std::string LiveCapture::thread_error() const {
  std::lock_guard lock(error_mutex_);
  return thread_error_;
}

}  // namespace smtplab::capture
