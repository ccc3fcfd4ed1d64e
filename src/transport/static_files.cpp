#include "transport/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "protocol/query_params.hpp"

namespace wick::detail {
namespace {

std::string content_type(const std::filesystem::path& file) {
  std::string extension = file.extension().string();
  if (extension == ".html") return "text/html; charset=utf-8";
  if (extension == ".js" || extension == ".mjs") return "text/javascript; charset=utf-8";
  if (extension == ".css") return "text/css; charset=utf-8";
  if (extension == ".json" || extension == ".map") return "application/json";
  if (extension == ".svg") return "image/svg+xml";
  if (extension == ".png") return "image/png";
  if (extension == ".ico") return "image/x-icon";
  if (extension == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

HttpResponse status(int code) {
  HttpResponse response;
  response.status = code;
  response.content_type = "text/plain; charset=utf-8";
  return response;
}

bool is_safe(const std::string& relative) {
  if (relative.find('\0') != std::string::npos) return false;
  for (const auto& part : std::filesystem::path(relative)) {
    if (part == "..") return false;
  }
  return true;
}

}  // namespace

std::optional<HttpResponse> serve_static(const std::vector<StaticMount>& mounts,
                                         const HttpRequest& request) {
  for (const StaticMount& mount : mounts) {
    if (!request.path.starts_with(mount.url_prefix)) continue;
    if (request.method != "GET" && request.method != "HEAD") return status(405);
    std::string relative = percent_decode(request.path.substr(mount.url_prefix.size()));
    if (relative.empty() || relative.back() == '/') relative += "index.html";
    if (!is_safe(relative)) return status(404);
    std::filesystem::path file = std::filesystem::path(mount.directory) / relative;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) return status(404);
    std::ifstream in(file, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    HttpResponse response;
    response.content_type = content_type(file);
    response.headers.emplace_back("cache-control", "no-cache");
    response.body = std::move(bytes).str();
    return response;
  }
  return std::nullopt;
}

}  // namespace wick::detail
