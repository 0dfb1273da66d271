from ninja import NinjaAPI

api = NinjaAPI(title="educomms API", version="1", urls_namespace="api")
