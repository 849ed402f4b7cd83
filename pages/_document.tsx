import { Head, Html, Main, NextScript } from "next/document";

export default function Document() {
  return (
    <Html lang="en-GB" className="govuk-template govuk-template--rebranded">
      <Head />
      <body className="govuk-template__body">
        <Main />
        <NextScript />
      </body>
    </Html>
  );
}
