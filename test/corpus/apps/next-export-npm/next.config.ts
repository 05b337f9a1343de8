import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  /* config options here */
  output: "export",
  cacheComponents: false,
  partialPrefetching: false,
};

export default nextConfig;
