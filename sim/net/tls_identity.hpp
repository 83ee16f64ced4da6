// The certificate and key a TLS listener presents: generated at start (a self-signed
// certificate for the node's name, good for a lab on loopback) or loaded from PEM files.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace smtplab::net {

struct TlsIdentity {
  std::string certificate_pem;  ///< X.509 certificate (chain), PEM
  std::string private_key_pem;  ///< its private key, PEM
};

/// A fresh self-signed certificate (EC P-256, valid 30 days) whose subject and
/// subjectAltName are `host_name`. Throws std::runtime_error when OpenSSL fails.
TlsIdentity generate_self_signed_identity(std::string_view host_name);

/// Reads a certificate and key from PEM files; throws std::runtime_error naming the file.
TlsIdentity load_tls_identity(const std::filesystem::path& certificate,
                              const std::filesystem::path& private_key);

}  // namespace smtplab::net
