"""Token login for integration clients and scripts, and "who am I" for any API user."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.views import locked_out
from csc.throttling import LoginRateThrottle


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()


class TokenView(ObtainAuthToken):
    """POST username + password → the user's API token (created on first use)."""

    throttle_classes = [LoginRateThrottle]

    @extend_schema(request=ObtainAuthToken.serializer_class, responses=TokenResponseSerializer)
    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError:
            # P-6: django-axes flags the DRF request it was given; answer the lockout, not "wrong password".
            if getattr(request, "axes_locked_out", False) or getattr(request._request, "axes_locked_out", False):
                return locked_out(request._request)
            raise


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    display_name = serializers.CharField()
    agent_number = serializers.CharField(allow_null=True)
    roles = serializers.ListField(child=serializers.CharField())
    station = serializers.IntegerField(source="station_id", allow_null=True)
    team = serializers.IntegerField(source="team_id", allow_null=True)


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        user = request.user
        data = MeSerializer(
            {
                "username": user.username,
                "display_name": user.display_name,
                "agent_number": user.agent_number,
                "roles": sorted(user.role_codes),
                "station_id": user.station_id,
                "team_id": user.team_id,
            }
        ).data
        return Response(data)
