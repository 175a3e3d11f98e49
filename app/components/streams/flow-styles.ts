import type { LinksFunction } from "@remix-run/node";
import flowStylesheet from "@xyflow/react/dist/style.css";

/**
 * React Flow's stylesheet, linked by the routes that draw graphs. Served as a
 * file from our origin (the CSP allows no inline <style> elements).
 */
export const flowLinks: LinksFunction = () => [{ rel: "stylesheet", href: flowStylesheet }];
