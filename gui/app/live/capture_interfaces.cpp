// The interface list (see capture_interfaces.hpp).
#include "gui/app/live/capture_interfaces.hpp"

#include <pcap/pcap.h>

#include <algorithm>

namespace smtplab::app {

CaptureInterfaceList list_capture_interfaces() {
  CaptureInterfaceList list;
  auto& out = list.interfaces;
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  pcap_if_t* devices = nullptr;
  if (pcap_findalldevs(&devices, errbuf) != 0) {
    list.error = errbuf;
    return list;
  }
  for (const pcap_if_t* device = devices; device; device = device->next) {
    out.push_back({device->name, device->description ? device->description : "",
                   (device->flags & PCAP_IF_LOOPBACK) != 0});
  }
  pcap_freealldevs(devices);
  // The lab runs on loopback: its interface comes first, where the eye looks.
  std::stable_partition(out.begin(), out.end(),
                        [](const CaptureInterface& i) { return i.loopback; });
  if (out.empty()) list.error = "libpcap lists no interface";
  return list;
}

}  // namespace smtplab::app
