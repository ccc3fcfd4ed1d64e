#include "support/postgres_server.hpp"

#include <fcntl.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <vector>

#include "support/loopback.hpp"

extern char** environ;

namespace wick::testing {
namespace {

const std::string bin = "/usr/lib/postgresql/15/bin/";

/// Runs a PostgreSQL program to its end, as `postgres` when this process is root.
void run(std::vector<std::string> args) {
  if (geteuid() == 0) args.insert(args.begin(), {"runuser", "-u", "postgres", "--"});
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t quiet;  // their progress lines are not the test's output
  posix_spawn_file_actions_init(&quiet);
  posix_spawn_file_actions_addopen(&quiet, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  int spawned = posix_spawnp(&pid, argv[0], &quiet, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&quiet);
  int status = 0;
  if (spawned != 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
      WEXITSTATUS(status) != 0) {
    throw std::runtime_error("PostgreSQL test server: " + args[geteuid() == 0 ? 4 : 0] + " failed");
  }
}

}  // namespace

PostgresServer::PostgresServer() {
  char pattern[] = "/tmp/wick-pg-XXXXXX";
  if (!mkdtemp(pattern)) throw std::runtime_error("mkdtemp failed");
  directory_ = pattern;
  if (geteuid() == 0) {
    const passwd* postgres = getpwnam("postgres");
    if (!postgres || chown(directory_.c_str(), postgres->pw_uid, postgres->pw_gid) != 0) {
      throw std::runtime_error("cannot give " + directory_ + " to the postgres user");
    }
  }
  run({bin + "initdb", "-D", directory_ + "/data", "-U", "wick", "--auth=trust", "-E", "UTF8",
       "--locale=C.UTF-8", "--no-sync"});
  port_ = free_port();
  start();
}

PostgresServer::~PostgresServer() {
  try {
    stop("immediate");
  } catch (const std::exception&) {
  }
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

void PostgresServer::start() {
  run({bin + "pg_ctl", "-D", directory_ + "/data", "-w", "-l", directory_ + "/log", "-o",
       "-p " + std::to_string(port_) + " -k " + directory_ + " -c listen_addresses=127.0.0.1",
       "start"});
}

void PostgresServer::stop(const char* mode) {
  run({bin + "pg_ctl", "-D", directory_ + "/data", "-w", "-m", mode, "stop"});
}

void PostgresServer::restart() {
  stop("immediate");
  start();
}

std::string PostgresServer::url(const std::string& database) const {
  return "postgresql://wick@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

std::string PostgresServer::create_database() {
  std::string name = "test" + std::to_string(++databases_);
  PGconn* admin = PQconnectdb(url("postgres").c_str());
  PGresult* result = PQexec(admin, ("CREATE DATABASE " + name).c_str());
  bool created = PQresultStatus(result) == PGRES_COMMAND_OK;
  std::string error = PQerrorMessage(admin);
  PQclear(result);
  PQfinish(admin);
  if (!created) throw std::runtime_error("CREATE DATABASE failed: " + error);
  return url(name);
}

PostgresServer& shared_postgres_server() {
  static PostgresServer server;
  return server;
}

}  // namespace wick::testing
