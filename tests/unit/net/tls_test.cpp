// TLS over memory: the server's TlsStream against an OpenSSL client, with a certificate the test
// makes. The handshake completes through feed/read/pending_output, bytes cross both ways,
// plain HTTP on a TLS port is a failed session, and unusable files are refused at once.
#include "net/tls.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace wick::detail {
namespace {

namespace fs = std::filesystem;

// A P-256 key and a self-signed certificate for localhost, as PEM files in a fresh directory.
struct TestCertificate {
  TestCertificate() {
    directory = fs::temp_directory_path() / ("wick-tls-test-" + std::to_string(::getpid()));
    fs::create_directories(directory);
    EVP_PKEY* key = EVP_EC_gen("P-256");
    X509* certificate = X509_new();
    ASN1_INTEGER_set(X509_get_serialNumber(certificate), 1);
    X509_gmtime_adj(X509_getm_notBefore(certificate), 0);
    X509_gmtime_adj(X509_getm_notAfter(certificate), 3600);
    X509_set_pubkey(certificate, key);
    X509_NAME* name = X509_get_subject_name(certificate);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
    X509_set_issuer_name(certificate, name);
    X509_sign(certificate, key, EVP_sha256());
    FILE* file = std::fopen(key_file().c_str(), "w");
    PEM_write_PrivateKey(file, key, nullptr, nullptr, 0, nullptr, nullptr);
    std::fclose(file);
    file = std::fopen(certificate_file().c_str(), "w");
    PEM_write_X509(file, certificate);
    std::fclose(file);
    X509_free(certificate);
    EVP_PKEY_free(key);
  }
  ~TestCertificate() { fs::remove_all(directory); }
  std::string key_file() const { return (directory / "key.pem").string(); }
  std::string certificate_file() const { return (directory / "cert.pem").string(); }

  fs::path directory;
};

// An OpenSSL client over memory BIOs, and the pumping of bytes between it and the server.
class Client {
 public:
  Client() : context_(SSL_CTX_new(TLS_client_method())), ssl_(SSL_new(context_)) {
    SSL_set_bio(ssl_, in_ = BIO_new(BIO_s_mem()), out_ = BIO_new(BIO_s_mem()));
    SSL_set_connect_state(ssl_);
  }
  ~Client() {
    SSL_free(ssl_);
    SSL_CTX_free(context_);
  }

  // Moves bytes both ways until neither side has anything more to say; what the server
  // decrypts is appended to `received`.
  void pump(TlsStream& server, std::string& received) {
    for (int round = 0; round < 20; ++round) {
      SSL_do_handshake(ssl_);
      char buffer[16384];
      bool moved = false;
      for (int n; (n = BIO_read(out_, buffer, sizeof buffer)) > 0;) {
        server.feed(std::span<const char>(buffer, static_cast<std::size_t>(n)));
        moved = true;
      }
      for (long n; (n = server.read(std::span<char>(buffer, sizeof buffer))) > 0;) {
        received.append(buffer, static_cast<std::size_t>(n));
      }
      for (std::string_view output = server.pending_output(); !output.empty();
           output = server.pending_output()) {
        BIO_write(in_, output.data(), static_cast<int>(output.size()));
        server.consume_output(output.size());
        moved = true;
      }
      if (!moved) return;
    }
  }
  bool established() const { return SSL_is_init_finished(ssl_); }
  void write(std::string_view text) { SSL_write(ssl_, text.data(), static_cast<int>(text.size())); }
  std::string read() {
    char buffer[1024];
    int n = SSL_read(ssl_, buffer, sizeof buffer);
    return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string();
  }

 private:
  SSL_CTX* context_;
  SSL* ssl_;
  BIO* in_ = nullptr;
  BIO* out_ = nullptr;
};

TEST(Tls, HandshakesAndCarriesBytesBothWays) {
  TestCertificate certificate;
  TlsContext context(certificate.certificate_file(), certificate.key_file());
  TlsStream server(context);
  Client client;
  std::string received;
  client.pump(server, received);
  ASSERT_TRUE(client.established());
  client.write("GET /socket/websocket HTTP/1.1\r\n\r\n");
  client.pump(server, received);
  EXPECT_EQ(received, "GET /socket/websocket HTTP/1.1\r\n\r\n");
  ASSERT_TRUE(server.write("HTTP/1.1 101 Switching Protocols\r\n\r\n"));
  client.pump(server, received);
  EXPECT_EQ(client.read(), "HTTP/1.1 101 Switching Protocols\r\n\r\n");
  EXPECT_EQ(server.pending_output_bytes(), 0u);
}

TEST(Tls, PlainHttpOnATlsPortIsAFailedSession) {
  TestCertificate certificate;
  TlsContext context(certificate.certificate_file(), certificate.key_file());
  TlsStream server(context);
  std::string plain = "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n";
  server.feed(std::span<const char>(plain.data(), plain.size()));
  char buffer[256];
  EXPECT_EQ(server.read(std::span<char>(buffer, sizeof buffer)), -1);
}

TEST(Tls, RefusesFilesItCannotUse) {
  TestCertificate certificate;
  EXPECT_THROW(TlsContext("/nonexistent/cert.pem", certificate.key_file()), std::runtime_error);
  EXPECT_THROW(TlsContext(certificate.certificate_file(), certificate.certificate_file()),
               std::runtime_error);  // a certificate is no key
}

}  // namespace
}  // namespace wick::detail
