#include "net/tls.hpp"

#include <openssl/err.h>

#include <stdexcept>

namespace wick::detail {
namespace {

std::string openssl_error(const std::string& context) {
  unsigned long code = ERR_get_error();
  char text[256] = "unknown error";
  if (code) ERR_error_string_n(code, text, sizeof text);
  ERR_clear_error();
  return context + ": " + text;
}

}  // namespace

TlsContext::TlsContext(const std::string& certificate_file, const std::string& private_key_file)
    : context_(SSL_CTX_new(TLS_server_method())) {
  if (!context_) throw std::runtime_error(openssl_error("TLS context"));
  SSL_CTX_set_min_proto_version(context_, TLS1_2_VERSION);
  SSL_CTX_set_options(context_, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  SSL_CTX_set_mode(context_, SSL_MODE_RELEASE_BUFFERS);  // idle connections hold no buffers
  if (SSL_CTX_use_certificate_chain_file(context_, certificate_file.c_str()) != 1) {
    std::string error = openssl_error("TLS certificate " + certificate_file);
    SSL_CTX_free(context_);
    throw std::runtime_error(error);
  }
  if (SSL_CTX_use_PrivateKey_file(context_, private_key_file.c_str(), SSL_FILETYPE_PEM) != 1 ||
      SSL_CTX_check_private_key(context_) != 1) {
    std::string error = openssl_error("TLS private key " + private_key_file);
    SSL_CTX_free(context_);
    throw std::runtime_error(error);
  }
}

TlsContext::~TlsContext() { SSL_CTX_free(context_); }

TlsStream::TlsStream(const TlsContext& context)
    : ssl_(SSL_new(context.get())),
      input_(BIO_new(BIO_s_mem())),
      output_bio_(BIO_new(BIO_s_mem())) {
  if (!ssl_ || !input_ || !output_bio_) throw std::runtime_error("TLS session: out of memory");
  BIO_set_mem_eof_return(input_, -1);      // an empty input means "more to come", not EOF
  SSL_set_bio(ssl_, input_, output_bio_);  // the session owns both BIOs now
  SSL_set_accept_state(ssl_);
}

TlsStream::~TlsStream() { SSL_free(ssl_); }

void TlsStream::feed(std::span<const char> ciphertext) {
  BIO_write(input_, ciphertext.data(), static_cast<int>(ciphertext.size()));
}

long TlsStream::read(std::span<char> plaintext) {
  int n = SSL_read(ssl_, plaintext.data(), static_cast<int>(plaintext.size()));
  drain_bio();  // the handshake, or a key update, may have something to say
  if (n > 0) return n;
  int error = SSL_get_error(ssl_, n);
  if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) return 0;
  ERR_clear_error();
  return -1;
}

bool TlsStream::write(std::string_view plaintext) {
  while (!plaintext.empty()) {
    int n = SSL_write(ssl_, plaintext.data(), static_cast<int>(plaintext.size()));
    drain_bio();
    if (n <= 0) {
      ERR_clear_error();
      return false;  // a memory BIO never blocks, so this is a failed session
    }
    plaintext.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

void TlsStream::shutdown() {
  SSL_shutdown(ssl_);
  drain_bio();
  ERR_clear_error();
}

void TlsStream::drain_bio() {
  char chunk[16 * 1024];
  int n;
  while ((n = BIO_read(output_bio_, chunk, sizeof chunk)) > 0) {
    output_.append(chunk, static_cast<std::size_t>(n));
  }
}

std::string_view TlsStream::pending_output() {
  return std::string_view(output_).substr(output_offset_);
}

void TlsStream::consume_output(std::size_t bytes) {
  output_offset_ += bytes;
  if (output_offset_ == output_.size()) {
    output_.clear();
    output_offset_ = 0;
    if (output_.capacity() > 64 * 1024) output_.shrink_to_fit();
  }
}

}  // namespace wick::detail
