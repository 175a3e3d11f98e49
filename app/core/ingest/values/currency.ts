// The currency table moved to core/values (the engine and adapters read it too); kept for importers of the old path.
export { SYMBOL_CURRENCIES, currencyExponent, currencyOfSymbol, historicCurrencyCodes, isHistoricCurrencyCode, isIsoCurrencyCode } from "~/core/values/currency";
