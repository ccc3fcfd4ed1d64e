#pragma once
// A thin RAII layer over libpq: a connection that prepares its statements once and prepares
// them again after it reconnects, results with typed columns, and errors as exceptions that
// carry the server's message. Parameters and columns travel as text. A command whose answer
// nobody waits for (BEGIN) can be deferred: it travels with the next statement, in one round
// trip (libpq's pipeline mode).
#include <libpq-fe.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chat::postgres {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The rows (or the row count) one statement produced.
class Result {
 public:
  explicit Result(PGresult* result) : result_(result) {}
  ~Result() { PQclear(result_); }
  Result(Result&& other) noexcept : result_(std::exchange(other.result_, nullptr)) {}
  Result& operator=(Result&&) = delete;
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;

  int rows() const { return PQntuples(result_); }
  bool is_null(int row, int column) const { return PQgetisnull(result_, row, column) != 0; }
  std::string text(int row, int column) const;
  std::int64_t int64(int row, int column) const;
  bool boolean(int row, int column) const;
  /// Rows an INSERT, UPDATE or DELETE touched.
  std::int64_t affected() const;

 private:
  PGresult* result_;
};

/// A statement parameter in text form; none is SQL NULL.
class Param {
 public:
  Param(std::int64_t value) : text_(std::to_string(value)) {}
  Param(int value) : text_(std::to_string(value)) {}
  Param(bool value) : text_(value ? "t" : "f") {}
  Param(std::string_view value) : text_(value) {}
  Param(const std::string& value) : text_(value) {}
  Param(const char* value) : text_(value) {}

  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

class Connection {
 public:
  /// Connects to `url` (postgresql://user:password@host:port/database); throws when it cannot.
  explicit Connection(const std::string& url);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Runs one or more statements that return nothing of interest (the simple query protocol),
  /// after the deferred ones.
  void exec(std::string_view sql);
  /// Sends `sql` (no parameters, no rows) just before the next exec() or run(); its failure
  /// fails that call.
  void defer(std::string sql) { deferred_.push_back(std::move(sql)); }
  void drop_deferred() { deferred_.clear(); }
  /// Prepares `sql` as statement `name`, now and after every reconnect.
  void prepare(std::string name, std::string sql);
  /// Runs prepared statement `name`, after the deferred commands.
  Result run(const std::string& name, std::initializer_list<Param> params);

  /// True when the link to the server was lost.
  bool broken() const { return PQstatus(connection_) != CONNECTION_OK; }
  /// Connects again and prepares every statement again; throws when the server is still away.
  void reconnect();

 private:
  Result check(PGresult* result, std::string_view context) const;
  /// The deferred commands, then the prepared statement, in one pipeline; its result.
  Result run_pipelined(const std::string& name, const std::vector<const char*>& values);

  PGconn* connection_ = nullptr;
  std::vector<std::pair<std::string, std::string>> prepared_;
  std::vector<std::string> deferred_;
};

/// A PostgreSQL array literal of identifiers ('{"a","b"}'); the items must not hold quotes or
/// backslashes.
std::string array_literal(const std::vector<std::string>& items);
std::string array_literal(const std::vector<std::int64_t>& items);

}  // namespace chat::postgres
