#pragma once
// TLS for connections, with OpenSSL over memory BIOs: the connection keeps doing its own
// non-blocking reads and writes on the socket, and hands the bytes through a TlsStream, which
// decrypts what was read and encrypts what is to be sent. So wss:// and https:// share every
// code path above the socket with ws:// and http://.
#include <openssl/ssl.h>

#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace wick::detail {

/// The server's certificate and key, loaded once (TLS 1.2 and later).
class TlsContext {
 public:
  /// Throws std::runtime_error with OpenSSL's reason when the files cannot be used.
  TlsContext(const std::string& certificate_file, const std::string& private_key_file);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  SSL_CTX* get() const { return context_; }

 private:
  SSL_CTX* context_ = nullptr;
};

/// One connection's TLS session, server side.
class TlsStream {
 public:
  explicit TlsStream(const TlsContext& context);
  ~TlsStream();
  TlsStream(const TlsStream&) = delete;
  TlsStream& operator=(const TlsStream&) = delete;

  /// Bytes read from the socket.
  void feed(std::span<const char> ciphertext);
  /// Decrypts into `plaintext`: bytes produced (0: needs more input), or -1 when the session
  /// failed (a bad handshake, a corrupt record) or the peer closed it.
  long read(std::span<char> plaintext);
  /// Encrypts `plaintext` (whole; the output grows as needed). False when the session failed.
  bool write(std::string_view plaintext);
  /// Queues the close_notify alert.
  void shutdown();

  /// Encrypted bytes waiting for the socket (handshake records included).
  std::string_view pending_output();
  /// `bytes` of pending_output() reached the socket.
  void consume_output(std::size_t bytes);
  std::size_t pending_output_bytes() const { return output_.size() - output_offset_; }

 private:
  void drain_bio();

  SSL* ssl_ = nullptr;
  BIO* input_ = nullptr;       // ciphertext from the socket, read by OpenSSL
  BIO* output_bio_ = nullptr;  // ciphertext from OpenSSL, for the socket
  std::string output_;
  std::size_t output_offset_ = 0;
};

}  // namespace wick::detail
