from django.urls import path
from rest_framework.routers import SimpleRouter

from payroll.api.ledgers import LedgerUploadView, WageLedgerViewSet
from payroll.api.payments import (
    AccountCheckViewSet,
    AccountStatementViewSet,
    CashPaymentViewSet,
    PaymentBatchViewSet,
)
from payroll.api.views import WorkerViewSet

router = SimpleRouter()
router.register("workers", WorkerViewSet, basename="worker")
router.register("wage-ledgers", WageLedgerViewSet, basename="wage-ledger")
router.register("payment-batches", PaymentBatchViewSet, basename="payment-batch")
router.register("account-checks", AccountCheckViewSet, basename="account-check")
router.register("cash-payments", CashPaymentViewSet, basename="cash-payment")
router.register(
    "wage-account-statements", AccountStatementViewSet, basename="wage-account-statement"
)

urlpatterns = [
    *router.urls,
    path(
        "projects/<int:project>/wage-ledgers/<str:month>/upload/",
        LedgerUploadView.as_view(),
        name="wage-ledger-upload",
    ),
]
