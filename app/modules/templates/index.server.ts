export { PackInvalidError, buildPack, scaffoldPack, testPack, validatePack } from "./packs/pack-commands.server";
export { describeProblem } from "./packs/pack-files";
export type { PackParameter } from "./packs/pack-schema";
export { readPackUpload } from "./packs/pack-upload.server";
export { rejectedPackView, templateCardView, templatePageView, templateParameters } from "./template-views.server";
export type { TemplateCardView } from "./template-views.server";
export { ensureTemplateCatalog, getTemplate, instantiateTemplate, listTemplates, serializeRejectedPack, serializeTemplateDetail, serializeTemplateSummary, uploadTemplate } from "./templates.server";
export type { InstantiateInput } from "./templates.server";
