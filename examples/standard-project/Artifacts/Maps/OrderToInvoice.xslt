<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="3.0" expand-text="yes"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" indent="no"/>
  <xsl:template match="/Order">
    <Invoice number="INV-{@id}">
      <xsl:for-each select="Line">
        <Item sku="{@sku}">{@qty}</Item>
      </xsl:for-each>
    </Invoice>
  </xsl:template>
</xsl:stylesheet>
