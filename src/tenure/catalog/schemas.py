"""API shapes of the catalog endpoints."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from tenure.catalog.models import CatalogVersion
from tenure.catalog.schema import Plan, Platform, Product
from tenure.catalog.service import LoadedCatalog


class PlanOut(Plan):
    """A plan with every term, as in the catalog file, plus the code of its product."""

    product: str = Field(description="Code of the product the plan belongs to.")

    @classmethod
    def of(cls, plan: Plan, product: Product) -> PlanOut:
        return cls.model_construct(**dict(plan), product=product.code)


class PlanDetailOut(PlanOut):
    catalog_version: int = Field(description="The catalog version these terms come from.")

    @classmethod
    def of_version(cls, plan: Plan, product: Product, version: int) -> PlanDetailOut:
        return cls.model_construct(**dict(plan), product=product.code, catalog_version=version)


class ProductOut(BaseModel):
    code: str
    name: str
    platforms: list[Platform]
    plans: list[PlanOut]

    @classmethod
    def of(cls, product: Product, *, include_private: bool) -> ProductOut:
        return cls(
            code=product.code,
            name=product.name,
            platforms=list(product.platforms),
            plans=[
                PlanOut.of(plan, product)
                for plan in product.plans
                if plan.public or include_private
            ],
        )


class CatalogBody(BaseModel):
    vendor: str
    products: list[ProductOut]

    @staticmethod
    def products_of(loaded: LoadedCatalog, *, include_private: bool) -> list[ProductOut]:
        return [
            ProductOut.of(product, include_private=include_private)
            for product in loaded.catalog.products
        ]


class CatalogOut(CatalogBody):
    """The catalog in force. Plans with ``public: false`` are shown to staff only."""

    id: str
    version: int
    loaded_at: datetime

    @classmethod
    def of(cls, loaded: LoadedCatalog, *, include_private: bool) -> CatalogOut:
        return cls(
            id=loaded.id,
            version=loaded.version,
            loaded_at=loaded.loaded_at,
            vendor=loaded.catalog.vendor,
            products=cls.products_of(loaded, include_private=include_private),
        )


class VersionOut(BaseModel):
    id: str
    version: int
    sha256: str
    loaded_at: datetime
    loaded_by: str = Field(description="Who loaded it: actor kind and id, e.g. staff:key_….")

    @classmethod
    def of(cls, row: CatalogVersion) -> VersionOut:
        return cls(
            id=row.id,
            version=row.version,
            sha256=row.sha256,
            loaded_at=row.loaded_at,
            loaded_by=row.loaded_by,
        )


class VersionDetailOut(VersionOut):
    source: str = Field(description="The catalog file exactly as it was loaded.")
    catalog: CatalogBody

    @classmethod
    def of_loaded(cls, row: CatalogVersion, loaded: LoadedCatalog) -> VersionDetailOut:
        return cls(
            **VersionOut.of(row).model_dump(),
            source=row.source,
            catalog=CatalogBody(
                vendor=loaded.catalog.vendor,
                products=CatalogBody.products_of(loaded, include_private=True),
            ),
        )


class LoadOut(VersionOut):
    created: bool = Field(
        description="False when the catalog was identical to the current version (no new "
        "version was stored)."
    )
    products: int
    plans: int
