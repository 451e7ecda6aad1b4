export { renderText, renderTextChunks, type TextOptions } from "./text.js";
export { renderMarkdown, GITHUB_COMMENT_LIMIT, code, escapeHtml, escapeMarkdown, type MarkdownOptions } from "./markdown.js";
export { renderJson, renderJsonChunks, jsonPlan } from "./json.js";
export type { RenderMode } from "./common.js";
export { summarize, summaryPhrase } from "../summary.js";
