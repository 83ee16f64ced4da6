// The interfaces a live capture can open, as libpcap lists them (pcap_findalldevs), for
// the Capture panel's choice. Listing probes every device (and D-Bus, USB, Bluetooth
// when libpcap was built with them), so the window asks for it off the UI thread.
#pragma once

#include <string>
#include <vector>

namespace smtplab::app {

/// One interface libpcap can capture on.
struct CaptureInterface {
  std::string name;         ///< device name ("lo", "eth0", "any")
  std::string description;  ///< libpcap's description ("" when it has none)
  bool loopback = false;    ///< PCAP_IF_LOOPBACK: where the lab's traffic goes
};

/// The interfaces, or why there are none.
struct CaptureInterfaceList {
  std::vector<CaptureInterface> interfaces;  ///< loopback first, libpcap's order otherwise
  std::string error;                         ///< why libpcap could not list them ("" fine)
};

/// Asks libpcap for the interfaces (slow: call it off the UI thread).
CaptureInterfaceList list_capture_interfaces();

}  // namespace smtplab::app
